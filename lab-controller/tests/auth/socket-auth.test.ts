/**
 * socket.io authenticated by the session cookie: nothing read-only is refused (the kiosk is an
 * anonymous visitor), each connection carries its actor, and the audit stream reaches staff only.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, ClientToServerEvents, ServerToClientEvents } from '../../src/api/wire.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { removeDir, tempDir } from '../support/harness.ts';
import { addAccounts, SessionClient, startAuthController, streetSite } from './rig.ts';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

let controller: Controller;
let dataDir: string;
const sockets: LiveClient[] = [];

beforeAll(async () => {
  dataDir = tempDir('phare-auth-socket-');
  await addAccounts(dataDir, [{ name: 'stella', role: 'staff', password: 'stella-password' }]);
  controller = await startAuthController(streetSite(), dataDir);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await controller?.stop();
  removeDir(dataDir);
});

function connect(cookie?: string): LiveClient {
  const socket: LiveClient = io(controller.url, {
    transports: ['websocket'],
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie: `phare_session=${cookie}` } } : {}),
  });
  sockets.push(socket);
  return socket;
}

function next<E extends keyof ServerToClientEvents>(
  socket: LiveClient,
  event: E,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 20 s`)), 20_000);
    socket.once(
      event as 'snapshot',
      ((payload: unknown) => {
        clearTimeout(timer);
        resolve(payload as Parameters<ServerToClientEvents[E]>[0]);
      }) as never,
    );
  });
}

describe('live socket authentication', { timeout: 60_000 }, () => {
  it('lets an anonymous visitor connect, receive the snapshot and ask for a resync', async () => {
    const kiosk = connect();
    const first = await next(kiosk, 'snapshot');
    expect(first.site.id).toBe('demo');
    const again = next(kiosk, 'snapshot');
    kiosk.emit('resync');
    expect((await again).points.length).toBe(first.points.length);
  });

  it('sends audited writes to a signed-in staff socket and not to a visitor socket', async () => {
    const stella = new SessionClient(controller.url);
    await stella.login('stella', 'stella-password');
    const staffSocket = connect(stella.cookie);
    const visitorSocket = connect();
    await Promise.all([next(staffSocket, 'snapshot'), next(visitorSocket, 'snapshot')]);
    const visitorAudits: AuditRecord[] = [];
    visitorSocket.on('audit', (entry) => visitorAudits.push(entry));

    const audited = next(staffSocket, 'audit');
    // Refused (no such point), and audited all the same, under the staff account's name.
    const write = await stella.send('POST', '/api/points/street.nowhere', { value: 1 });
    expect(write.status).toBe(404);
    expect(await audited).toMatchObject({ who: 'api:stella', point: 'street.nowhere', ok: false });

    // The server sent the audit entry before it handles this resync: on one connection, order holds.
    const snapshot = next(visitorSocket, 'snapshot');
    visitorSocket.emit('resync');
    await snapshot;
    expect(visitorAudits).toEqual([]);
  });
});

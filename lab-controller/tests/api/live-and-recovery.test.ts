import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type {
  AuditRecord,
  ClientToServerEvents,
  DeviceHealth,
  HistorySample,
  PointState,
  ServerToClientEvents,
} from '../../src/api/wire.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import {
  dataOf,
  eventually,
  getJson,
  postJson,
  removeDir,
  startDemoSimulators,
  startTestController,
  tempDir,
} from '../support/harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let sims: RunningSimulators;
let controller: Controller | undefined;
let dataDir: string;
const clients: Client[] = [];

beforeAll(async () => {
  dataDir = tempDir();
  sims = await startDemoSimulators();
  controller = await startTestController(sims, dataDir);
  // The demo starts an OPC-UA server too: its certificate takes seconds on a loaded machine.
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await controller?.stop();
  await sims?.stop();
  removeDir(dataDir);
});

function client(url: string): Client {
  const socket: Client = connect(url, { transports: ['websocket'], reconnection: false });
  clients.push(socket);
  return socket;
}

describe('socket.io live feed', () => {
  it('sends a snapshot on connect and on resync', async () => {
    const socket = client(controller!.url);
    const first = await new Promise<Parameters<ServerToClientEvents['snapshot']>[0]>((resolve) =>
      socket.once('snapshot', resolve),
    );
    expect(first.site.id).toBe('demo');
    expect(first.points.map((p) => p.meta.id)).toContain('street.lamp01.level');
    expect(first.devices).toHaveLength(sims.site.site.devices.length);
    const again = new Promise<number>((resolve) => socket.once('snapshot', (s) => resolve(s.serverTime)));
    socket.emit('resync');
    expect(await again).toBeGreaterThanOrEqual(first.serverTime);
  });

  it('coalesces many changes of one point into one delta carrying the latest state', async () => {
    const socket = client(controller!.url);
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const messages: PointState[][] = [];
    socket.on('points', (changes) => messages.push(changes));
    // A synthetic id no poll touches, so only this burst can produce it: 200 changes in one tick,
    // as if a burst of polls landed at once.
    const id = 'test.burst';
    for (let i = 0; i < 200; i++)
      controller!.bus.emit('points', [{ id, value: i, quality: 'good', ts: Date.now() }]);
    await eventually(() =>
      messages.some((m) => m.some((c) => c.id === id && c.value === 199)) ? true : undefined,
    );
    const carrying = messages.filter((m) => m.some((c) => c.id === id));
    expect(carrying).toHaveLength(1);
    expect(carrying[0]!.filter((c) => c.id === id)).toEqual([expect.objectContaining({ value: 199 })]);
    for (const m of messages) expect(new Set(m.map((c) => c.id)).size).toBe(m.length);
  });

  it('pushes a delta when a written level is read back from the device', async () => {
    const socket = client(controller!.url);
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const seen = new Promise<PointState>((resolve) =>
      socket.on('points', (changes) => {
        const hit = changes.find(
          (c) => c.id === 'street.lamp09.level' && typeof c.value === 'number' && Math.abs(c.value - 55) <= 2,
        );
        if (hit) resolve(hit);
      }),
    );
    dataOf(await postJson(`${controller!.url}/api/points/street.lamp09.level`, { value: 55 }));
    expect((await seen).quality).toBe('good');
  });
});

describe('recovery', () => {
  it('keeps running with a device offline while its simulator is down, and brings it back online', async () => {
    const api = `${controller!.url}/api`;
    await eventually(
      async () => {
        const d = dataOf(await getJson<DeviceHealth[]>(`${api}/devices`));
        return d.find((x) => x.id === 'park')?.status === 'online' ? true : undefined;
      },
      20_000,
      'park online',
    );

    const socket = client(controller!.url);
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const offlinePushed = new Promise<void>((resolve) =>
      socket.on('devices', (health) => {
        if (health.find((h) => h.id === 'park')?.status === 'offline') resolve();
      }),
    );

    const restart = await sims.stopOne('park');
    await eventually(
      async () => {
        const d = dataOf(await getJson<DeviceHealth[]>(`${api}/devices`));
        return d.find((x) => x.id === 'park')?.status === 'offline' ? true : undefined;
      },
      30_000,
      'park offline',
    );
    await offlinePushed;
    const parkLevel = dataOf(await getJson<{ state: PointState }>(`${api}/points/park.bollard1.level`));
    expect(parkLevel.state.quality).not.toBe('good');
    // The rest of the site keeps working.
    const street = dataOf(await getJson<DeviceHealth[]>(`${api}/devices`)).find((x) => x.id === 'street')!;
    expect(street.status).toBe('online');
    const refused = await postJson(`${api}/points/park.bollard1.level`, { value: 10 });
    expect(refused.status).toBe(502);

    await restart();
    await eventually(
      async () => {
        const d = dataOf(await getJson<DeviceHealth[]>(`${api}/devices`));
        return d.find((x) => x.id === 'park')?.status === 'online' ? true : undefined;
      },
      40_000,
      'park back online',
    );
    await eventually(
      async () => {
        const p = dataOf(await getJson<{ state: PointState }>(`${api}/points/park.bollard1.level`));
        return p.state.quality === 'good' ? true : undefined;
      },
      20_000,
      'park values good again',
    );
  }, 120_000);

  it('keeps samples and audit entries across a controller restart', async () => {
    let api = `${controller!.url}/api`;
    const written = dataOf(
      await postJson<{ auditId: number }>(`${api}/points/street.lamp02.level`, { value: 33 }),
    );
    await eventually(
      async () => {
        const h = dataOf(await getJson<HistorySample[]>(`${api}/points/street.lamp02.level/history?from=0`));
        return h.some((s) => typeof s.value === 'number' && Math.abs(s.value - 33) <= 2) ? true : undefined;
      },
      20_000,
      'lamp02 sample recorded',
    );
    await controller!.stop();
    controller = await startTestController(sims, dataDir);
    api = `${controller.url}/api`;
    const audit = dataOf(await getJson<AuditRecord[]>(`${api}/audit?limit=50`));
    expect(audit.map((a) => a.id)).toContain(written.auditId);
    const history = dataOf(
      await getJson<HistorySample[]>(`${api}/points/street.lamp02.level/history?from=0`),
    );
    expect(history.some((s) => typeof s.value === 'number' && Math.abs(s.value - 33) <= 2)).toBe(true);
  }, 60_000);
});

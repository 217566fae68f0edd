/**
 * No route left open: every /api route and socket event declares its roles, and an anonymous
 * client, once an account exists, is refused on every route that changes state except the few
 * reviewed here. Real HTTP requests to each route the controller registered.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../../src/auth/accounts.ts';
import { LoginLimiter } from '../../src/auth/login-limiter.ts';
import { ROLES } from '../../src/auth/roles.ts';
import { installRouteGuard } from '../../src/auth/route-guard.ts';
import { SOCKET_EVENT_ROLES } from '../../src/api/live-socket.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { removeDir, tempDir } from '../support/harness.ts';
import { addAccounts, SessionClient, startAuthController, streetSite } from './rig.ts';

/** State-changing routes a visitor may call, each reviewed: keep this list short. */
const OPEN_TO_VISITORS = [
  'POST /api/session', // signing in
  'DELETE /api/session', // signing out (nothing to sign out of when anonymous)
  'POST /api/impact/projection', // a pure computation: reads no device, changes nothing
];
/** Client → server socket events a visitor may send, each reviewed. */
const SOCKET_EVENTS_OPEN_TO_VISITORS = ['resync'];

let controller: Controller;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('phare-auth-routes-');
  await addAccounts(dataDir, [{ name: 'root', role: 'admin', password: 'root-password-1' }]);
  // No simulator: the guard answers before any handler, devices need not be online.
  controller = await startAuthController(streetSite(), dataDir);
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  removeDir(dataDir);
});

const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];
const label = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

describe('route declarations', () => {
  it('declares roles on every /api route the controller serves', () => {
    const routes = controller.apiRoutes;
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      expect(route.allow.length, label(route)).toBeGreaterThan(0);
      for (const role of route.allow) expect(ROLES, label(route)).toContain(role);
    }
    const labels = routes.map(label);
    for (const known of ['GET /api/points', 'POST /api/points/:id', 'GET /api/audit', 'POST /api/session'])
      expect(labels).toContain(known);
  });

  it('refuses to start a server with an /api route that declares no roles', () => {
    const app = Fastify();
    installRouteGuard(app, {
      accounts: Accounts.inMemory(),
      loopbackOnly: true,
      limiter: new LoginLimiter(),
    });
    expect(() => app.get('/api/forgotten', () => 'open')).toThrow(/GET \/api\/forgotten declares no roles/);
    expect(() => app.get('/not-api', () => 'static')).not.toThrow();
    void app.close();
  });

  it('opens to visitors only the reviewed state-changing routes', () => {
    const open = controller.apiRoutes
      .filter((r) => STATE_CHANGING.includes(r.method) && r.allow.includes('visitor'))
      .map(label);
    expect(open.sort()).toEqual([...OPEN_TO_VISITORS].sort());
  });

  it(
    'refuses an anonymous client on every other state-changing route, through real requests',
    { timeout: 120_000 },
    async () => {
      const anonymous = new SessionClient(controller.url);
      const targets = controller.apiRoutes.filter(
        (r) => STATE_CHANGING.includes(r.method) && !OPEN_TO_VISITORS.includes(label(r)),
      );
      expect(targets.length).toBeGreaterThan(5);
      const answers: string[] = [];
      for (const route of targets) {
        const path = route.url.replace(/:(\w+)/g, 'probe-$1');
        const answer = await anonymous.request(
          route.method,
          path,
          route.method === 'DELETE' ? undefined : {},
        );
        answers.push(`${label(route)} → ${answer.status}`);
        expect([401, 403], `${label(route)} answered ${answer.status}`).toContain(answer.status);
        expect(answer.body.ok).toBe(false);
      }
      expect(answers.length).toBe(targets.length);
    },
  );

  it('declares roles for every socket event and opens to visitors only the reviewed client events', () => {
    for (const [event, roles] of Object.entries(SOCKET_EVENT_ROLES.serverToClient))
      expect(roles.length, event).toBeGreaterThan(0);
    const open = Object.entries(SOCKET_EVENT_ROLES.clientToServer)
      .filter(([, roles]) => roles.includes('visitor'))
      .map(([event]) => event);
    expect(open.sort()).toEqual([...SOCKET_EVENTS_OPEN_TO_VISITORS].sort());
  });
});

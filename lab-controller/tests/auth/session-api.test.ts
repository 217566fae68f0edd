/**
 * Sign-in, sessions, CSRF and roles over real HTTP against a controller with accounts, driving the
 * demo's street DALI gateway simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/auth/session-wire.ts';
import type { AuditRecord, WriteResultBody } from '../../src/api/wire.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { eventually, removeDir, tempDir } from '../support/harness.ts';
import { addAccounts, SessionClient, startAuthController, startStreetSimulator } from './rig.ts';

const PASSWORDS = {
  root: 'root-password-1',
  stella: 'stella-password',
  apolline: 'apolline-password',
  victor: 'victor-password',
  rita: 'rita-password-9',
} as const;

let sims: RunningSimulators;
let controller: Controller;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('phare-auth-api-');
  await addAccounts(dataDir, [
    { name: 'root', role: 'admin', password: PASSWORDS.root },
    { name: 'stella', role: 'staff', password: PASSWORDS.stella },
    { name: 'apolline', role: 'apprentice', password: PASSWORDS.apolline },
    { name: 'victor', role: 'vendor', password: PASSWORDS.victor },
    { name: 'rita', role: 'staff', password: PASSWORDS.rita },
  ]);
  sims = await startStreetSimulator();
  controller = await startAuthController(sims.site, dataDir);
}, 120_000);

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  removeDir(dataDir);
});

const client = (localAddress?: string) => new SessionClient(controller.url, localAddress);
const LEVEL = '/api/points/street.lamp03.level';

describe('sessions', { timeout: 60_000 }, () => {
  it('signs in with name and password: an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
    const stella = client();
    const answer = await stella.login('stella', PASSWORDS.stella);
    expect(answer.status).toBe(200);
    const cookie = [answer.headers['set-cookie']].flat()[0]!;
    expect(cookie).toMatch(/^phare_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie.split('; ')).toEqual(
      expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=43200']),
    );
    expect(cookie).not.toContain('Secure');
    const me = await stella.request<SessionView>('GET', '/api/session');
    expect(me.body).toEqual({
      ok: true,
      data: {
        user: 'stella',
        role: 'staff',
        csrfToken: stella.csrfToken,
        localBench: false,
        expiresAt: expect.any(Number),
      },
    });
    const anonymous = await client().request<SessionView>('GET', '/api/session');
    expect(anonymous.body).toMatchObject({
      ok: true,
      data: { user: null, role: 'visitor', csrfToken: null, localBench: false },
    });
  });

  it('signs out: the session ends on the server and the cookie is cleared', async () => {
    const stella = client();
    await stella.login('stella', PASSWORDS.stella);
    const oldCookie = stella.cookie;
    const out = await stella.send<SessionView>('DELETE', '/api/session');
    expect(out.status).toBe(200);
    expect([out.headers['set-cookie']].flat()[0]).toMatch(/^phare_session=; .*Max-Age=0/);
    const replay = client();
    replay.cookie = oldCookie;
    expect((await replay.request<SessionView>('GET', '/api/session')).body).toMatchObject({
      data: { user: null, role: 'visitor' },
    });
  });

  it('answers a wrong password and an unknown name alike, with 401', async () => {
    const wrong = await client('127.0.0.4').login('stella', 'not-her-password');
    const unknown = await client('127.0.0.4').login('nobody', 'not-her-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('refuses a sixth sign-in after five failures for one name, with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      // Each failure from another address: the limit per name holds whoever tries.
      expect((await client(`127.0.1.${i + 1}`).login('victor', `guess-number-${i}`)).status).toBe(401);
    }
    const blocked = await client('127.0.2.1').login('victor', PASSWORDS.victor);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(blocked.body).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/try again in \d/) },
    });
    // Another account is not locked by it.
    expect((await client('127.0.2.2').login('rita', PASSWORDS.rita)).status).toBe(200);
  });

  it('refuses a sign-in from an address that failed five times, whatever the name', async () => {
    const from = client('127.0.3.1');
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5'])
      expect((await from.login(name, 'some-password')).status).toBe(401);
    expect((await from.login('root', PASSWORDS.root)).status).toBe(429);
  });
});

describe('roles and CSRF on writes', { timeout: 60_000 }, () => {
  it('refuses a signed-in write without the x-phare-csrf header, or with a wrong one, with 403', async () => {
    const stella = client();
    await stella.login('stella', PASSWORDS.stella);
    const missing = await stella.request('POST', LEVEL, { value: 20 });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: /x-phare-csrf/ } });
    const wrong = await stella.request('POST', LEVEL, { value: 20 }, { 'x-phare-csrf': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
  });

  it('refuses an anonymous write with 401 once accounts exist', async () => {
    const answer = await client().request('POST', LEVEL, { value: 20 });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('lets staff write a point, audited under the account name', async () => {
    const stella = client();
    await stella.login('stella', PASSWORDS.stella);
    const written = await eventually(
      async () => {
        const answer = await stella.send<WriteResultBody>('POST', LEVEL, { value: 35 });
        return answer.status === 200 ? answer : undefined;
      },
      30_000,
      'staff write accepted once the gateway is online',
    );
    expect(written.body).toMatchObject({ ok: true, data: { point: 'street.lamp03.level', value: 35 } });
    const audit = await stella.request<AuditRecord[]>('GET', '/api/audit?limit=20');
    expect(audit.body.ok && audit.body.data.some((e) => e.who === 'api:stella' && e.newValue === 35)).toBe(
      true,
    );
  });

  it('does not let an apprentice write a point no trainer reserved for them', async () => {
    const apolline = client();
    await apolline.login('apolline', PASSWORDS.apolline);
    const answer = await apolline.send('POST', LEVEL, { value: 60 });
    expect(answer.status).toBe(403);
    const many = await apolline.send('POST', '/api/writes', [{ point: 'street.lamp03.level', value: 60 }]);
    expect(many.status).toBe(403);
  });

  it('shows the audit log to staff, not to a vendor or an anonymous visitor', async () => {
    const victor = client('127.0.4.1');
    // The vendor account may be locked by the rate-limit test: sign in from the controller directly.
    const session = controller.accounts.signIn(
      (await controller.accounts.verify('victor', PASSWORDS.victor))!,
    );
    victor.cookie = session.id;
    expect((await victor.request('GET', '/api/audit')).status).toBe(403);
    expect((await client().request('GET', '/api/audit')).status).toBe(401);
    const root = client();
    await root.login('root', PASSWORDS.root);
    expect((await root.request('GET', '/api/audit')).status).toBe(200);
  });

  it('ends the session of an account removed while signed in', async () => {
    const rita = client();
    await rita.login('rita', PASSWORDS.rita);
    controller.accounts.remove('rita');
    expect((await rita.request<SessionView>('GET', '/api/session')).body).toMatchObject({
      data: { user: null, role: 'visitor' },
    });
    expect((await rita.send('POST', LEVEL, { value: 10 })).status).toBe(401);
  });
});

describe('controller restart', { timeout: 90_000 }, () => {
  it('keeps staff signed in across a restart of the controller on the same data folder', async () => {
    const stella = client();
    await stella.login('stella', PASSWORDS.stella);
    await controller.stop();
    controller = await startAuthController(sims.site, dataDir);
    const again = new SessionClient(controller.url);
    again.cookie = stella.cookie;
    expect((await again.request<SessionView>('GET', '/api/session')).body).toMatchObject({
      data: { user: 'stella', role: 'staff', csrfToken: stella.csrfToken },
    });
  });
});

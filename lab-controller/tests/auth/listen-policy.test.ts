/**
 * Local bench mode and the non-loopback rule: a fresh clone on 127.0.0.1 works without accounts
 * (local pages act as admin); listening on the network needs an admin account and says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { Forbidden } from '@phare/device-drivers/errors.ts';
import { Accounts } from '../../src/auth/accounts.ts';
import { checkListenPolicy } from '../../src/auth/listen-policy.ts';
import type { SessionView } from '../../src/auth/session-wire.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { removeDir, tempDir } from '../support/harness.ts';
import { addAccounts, SessionClient, startAuthController, streetSite } from './rig.ts';

const controllers: Controller[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(controllers.splice(0).map((c) => c.stop()));
  dirs.splice(0).forEach(removeDir);
});

function dataDir(): string {
  const dir = tempDir('phare-auth-listen-');
  dirs.push(dir);
  return dir;
}

function capturingLogger(lines: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: (msg) => lines.push(msg),
    warn: (msg) => lines.push(msg),
    error: (msg) => lines.push(msg),
    child: () => logger,
  };
  return logger;
}

const LEVEL = '/api/points/street.lamp03.level';

describe('listen policy', () => {
  it('allows loopback addresses with or without accounts', async () => {
    const accounts = Accounts.inMemory();
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
      expect(checkListenPolicy(host, accounts, '/data')).toMatch(/local bench mode/);
    await accounts.add('stella', 'staff', 'stella-password');
    expect(checkListenPolicy('127.0.0.1', accounts, '/data')).toMatch(/sign in to act/);
  });

  it('refuses another interface until an admin account exists, and says how to create one', async () => {
    const accounts = Accounts.inMemory();
    expect(() => checkListenPolicy('0.0.0.0', accounts, '/srv/phare')).toThrow(Forbidden);
    expect(() => checkListenPolicy('0.0.0.0', accounts, '/srv/phare')).toThrow(
      /0\.0\.0\.0 \(every network interface\).*no admin account exists.*phare users add NAME --role admin --data-dir \/srv\/phare/,
    );
    await accounts.add('stella', 'staff', 'stella-password');
    expect(() => checkListenPolicy('192.168.1.20', accounts, '/srv/phare')).toThrow(/no admin account/);
    expect(() => checkListenPolicy('192.168.1.20', null, '/srv/phare')).toThrow(
      /data folder \/srv\/phare is unusable/,
    );
    await accounts.add('root', 'admin', 'root-password-1');
    expect(checkListenPolicy('192.168.1.20', accounts, '/srv/phare')).toMatch(
      /listening on 192\.168\.1\.20: .*accounts are required/,
    );
  });

  it('does not start a controller on 0.0.0.0 without an admin account', { timeout: 60_000 }, async () => {
    const dir = dataDir();
    await addAccounts(dir, [{ name: 'stella', role: 'staff', password: 'stella-password' }]);
    await expect(startAuthController(streetSite(), dir, { host: '0.0.0.0' })).rejects.toThrow(
      /requires accounts, and no admin account exists/,
    );
  });

  it(
    'starts on 0.0.0.0 with an admin account, logs that accounts are required, treats anonymous clients as visitors',
    { timeout: 60_000 },
    async () => {
      const dir = dataDir();
      await addAccounts(dir, [{ name: 'root', role: 'admin', password: 'root-password-1' }]);
      const log: string[] = [];
      const controller = await startAuthController(streetSite(), dir, {
        host: '0.0.0.0',
        logger: capturingLogger(log),
      });
      controllers.push(controller);
      expect(log.join('\n')).toMatch(/0\.0\.0\.0 \(every network interface\).*accounts are required/);
      const anonymous = new SessionClient(`http://127.0.0.1:${controller.port}`);
      expect((await anonymous.request<SessionView>('GET', '/api/session')).body).toMatchObject({
        data: { role: 'visitor', localBench: false },
      });
      expect((await anonymous.request('POST', LEVEL, { value: 10 })).status).toBe(401);
    },
  );
});

describe('local bench mode', { timeout: 60_000 }, () => {
  it('treats this machine’s own anonymous pages as admin until the first account exists', async () => {
    const dir = dataDir();
    const log: string[] = [];
    const controller = await startAuthController(streetSite(), dir, { logger: capturingLogger(log) });
    controllers.push(controller);
    expect(log.join('\n')).toMatch(/local bench mode/);
    const local = new SessionClient(controller.url);
    expect((await local.request<SessionView>('GET', '/api/session')).body).toEqual({
      ok: true,
      data: { user: null, role: 'admin', csrfToken: null, localBench: true, expiresAt: null },
    });
    // The device is offline (no simulator): the write passes the guard and fails at the device.
    const write = await local.request('POST', LEVEL, { value: 10 });
    expect([401, 403]).not.toContain(write.status);

    await controller.accounts.add('stella', 'staff', 'stella-password');
    expect((await local.request<SessionView>('GET', '/api/session')).body).toMatchObject({
      data: { user: null, role: 'visitor', localBench: false },
    });
    expect((await local.request('POST', LEVEL, { value: 10 })).status).toBe(401);
  });

  it('does not lend the bench admin to another site or a DNS-rebinding host name', async () => {
    const controller = await startAuthController(streetSite(), dataDir());
    controllers.push(controller);
    const local = new SessionClient(controller.url);
    const port = controller.port;
    const roleWith = async (headers: Record<string, string>) => {
      const answer = await local.request<SessionView>('GET', '/api/session', undefined, headers);
      return answer.body.ok ? answer.body.data.role : undefined;
    };
    expect(await roleWith({ origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' })).toBe(
      'admin',
    );
    expect(await roleWith({ host: `attacker.example:${port}` })).toBe('visitor');
    expect(await roleWith({ origin: 'https://attacker.example' })).toBe('visitor');
    expect(await roleWith({ 'sec-fetch-site': 'cross-site' })).toBe('visitor');
    const forged = await local.request('POST', LEVEL, { value: 10 }, { origin: 'https://attacker.example' });
    expect(forged.status).toBe(401);
  });
});

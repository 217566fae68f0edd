import { afterEach, describe, expect, it } from 'vitest';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { Accounts } from '../../src/auth/accounts.ts';
import { clearedSessionCookie, readCookie, sessionCookie } from '../../src/auth/cookies.ts';
import { LoginLimiter } from '../../src/auth/login-limiter.ts';
import { hashPassword, verifyPassword } from '../../src/auth/password-hash.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function dataDir(): string {
  const dir = tempDir('phare-auth-');
  dirs.push(dir);
  return dir;
}

describe('password hashing', () => {
  it('stores an scrypt hash with its own salt and cost, never the password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
  });

  it('verifies the right password and refuses a wrong one or a foreign hash', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse battery', stored.replace(/\$[^$]+$/, '$AAAA'))).toBe(false);
  });
});

describe('accounts in the data folder', () => {
  it('adds, lists without hashes, verifies and removes accounts', async () => {
    const db = openDatabase(dataDir());
    const accounts = Accounts.inDatabase(db);
    await accounts.add('Élodie', 'staff', 'un mot de passe long');
    await accounts.add('admin1', 'admin', 'another-long-one');
    expect(accounts.list().map((a) => [a.name, a.role])).toEqual([
      ['admin1', 'admin'],
      ['Élodie', 'staff'],
    ]);
    expect(JSON.stringify(accounts.list())).not.toContain('scrypt');
    expect((await accounts.verify('élodie', 'un mot de passe long'))?.role).toBe('staff');
    expect(await accounts.verify('Élodie', 'wrong password!')).toBeUndefined();
    expect(await accounts.verify('nobody', 'un mot de passe long')).toBeUndefined();
    expect(accounts.hasAdmin()).toBe(true);
    accounts.remove('admin1');
    expect(accounts.hasAdmin()).toBe(false);
    db.close();
  });

  it('refuses short passwords, unknown roles, visitor accounts, bad and taken names', async () => {
    const accounts = Accounts.inMemory();
    await expect(accounts.add('bob', 'staff', 'short')).rejects.toThrow(/at least 10/);
    await expect(accounts.add('bob', 'root', 'long enough pw')).rejects.toThrow(ConfigInvalid);
    await expect(accounts.add('bob', 'visitor', 'long enough pw')).rejects.toThrow(/anonymous role/);
    await expect(accounts.add('../bob', 'staff', 'long enough pw')).rejects.toThrow(/not valid/);
    await accounts.add('bob', 'staff', 'long enough pw');
    await expect(accounts.add('BOB', 'admin', 'long enough pw')).rejects.toThrow(/already exists/);
    await expect(accounts.setPassword('bob', 'tiny')).rejects.toThrow(/at least 10/);
  });

  it('keeps sessions across a restart (the database reopened) until they expire', async () => {
    const dir = dataDir();
    let now = 1_000_000;
    const clock = { now: () => now, sessionTtlMs: 60_000 };
    const first = openDatabase(dir);
    const before = Accounts.inDatabase(first, clock);
    const account = (await before.add('ana', 'apprentice', 'apprentie-2026'))!;
    const session = before.signIn(account);
    first.close();

    const second = openDatabase(dir);
    const after = Accounts.inDatabase(second, clock);
    expect(after.sessionOf(session.id)?.account).toMatchObject({ name: 'ana', role: 'apprentice' });
    expect(after.sessionOf(session.id)?.session.csrfToken).toBe(session.csrfToken);
    const stored = second.prepare('SELECT id_hash FROM session').all() as { id_hash: string }[];
    expect(stored.map((r) => r.id_hash)).not.toContain(session.id);
    now += 60_000;
    expect(after.sessionOf(session.id)).toBeUndefined();
    second.close();
  });

  it('ends every session of an account whose password changes or which is removed', async () => {
    const accounts = Accounts.inMemory();
    const ana = await accounts.add('ana', 'staff', 'first password');
    const one = accounts.signIn(ana);
    await accounts.setPassword('ana', 'second password');
    expect(accounts.sessionOf(one.id)).toBeUndefined();
    const two = accounts.signIn(ana);
    expect(accounts.sessionOf(two.id)).toBeDefined();
    accounts.remove('ana');
    expect(accounts.sessionOf(two.id)).toBeUndefined();
  });
});

describe('login limiter', () => {
  it('allows five failures per name in five minutes, then says how long to wait', () => {
    let now = 0;
    const limiter = new LoginLimiter({ now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfterMs(`10.0.0.${i}`, 'ana')).toBe(0);
      limiter.recordFailure(`10.0.0.${i}`, 'ana');
      now += 1000;
    }
    expect(limiter.retryAfterMs('10.0.0.9', 'ANA')).toBe(300_000 - 5000);
    expect(limiter.retryAfterMs('10.0.0.9', 'bob')).toBe(0);
    now = 300_001;
    expect(limiter.retryAfterMs('10.0.0.9', 'ana')).toBe(0);
  });

  it('limits one address trying many names', () => {
    const limiter = new LoginLimiter({ now: () => 0 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) limiter.recordFailure('10.0.0.1', name);
    expect(limiter.retryAfterMs('10.0.0.1', 'f')).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('10.0.0.2', 'f')).toBe(0);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, on every path, Secure only over https', () => {
    expect(sessionCookie('abc', { maxAgeSeconds: 43_200, secure: false })).toBe(
      'phare_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200',
    );
    expect(sessionCookie('abc', { maxAgeSeconds: 60, secure: true })).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toMatch(/^phare_session=; .*Max-Age=0/);
  });

  it('is read out of a Cookie header among others', () => {
    expect(readCookie('a=1; phare_session=xyz%3D; b=2', 'phare_session')).toBe('xyz=');
    expect(readCookie('phare_sessionx=1', 'phare_session')).toBeUndefined();
    expect(readCookie(undefined, 'phare_session')).toBeUndefined();
    expect(readCookie('phare_session=%E0%A4%A', 'phare_session')).toBeUndefined();
  });
});

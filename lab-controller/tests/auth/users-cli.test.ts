/**
 * `phare users` as an operator scripts it: a child process, the password on stdin.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Accounts } from '../../src/auth/accounts.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const BIN = fileURLToPath(new URL('../../bin/phare.mjs', import.meta.url));
const dataDir = tempDir('phare-users-cli-');
afterAll(() => removeDir(dataDir));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function phare(args: string[], stdin = '', env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
    env: { ...process.env, PHARE_LOG: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...out })));
}

async function verify(name: string, password: string): Promise<string | undefined> {
  const db = openDatabase(dataDir);
  try {
    return (await Accounts.inDatabase(db).verify(name, password))?.role;
  } finally {
    db.close();
  }
}

describe('phare users', { timeout: 150_000 }, () => {
  it('adds an account non-interactively with --password-stdin', async () => {
    const run = await phare(
      ['users', 'add', 'stella', '--role', 'staff', '--password-stdin'],
      'stella-password\n',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/account stella \(staff\) created/);
    expect(await verify('stella', 'stella-password')).toBe('staff');
  });

  it('refuses a password shorter than 10 characters with a clear message', async () => {
    const run = await phare(['users', 'add', 'bob', '--role', 'admin', '--password-stdin'], 'short\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/5 characters long; it needs at least 10/);
  });

  it("applies the configuration file's longer minimum password length", async () => {
    const config = join(dataDir, 'phare.config.yaml');
    writeFileSync(config, 'schema: phare/config@1\naccounts:\n  minPasswordLength: 16\n');
    const run = await phare(
      ['users', 'add', 'carl', '--role', 'staff', '--password-stdin'],
      'twelve-chars\n',
      {
        PHARE_CONFIG: config,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/12 characters long; it needs at least 16/);
  });

  it('lists accounts as JSON without password hashes', async () => {
    await phare(['users', 'add', 'root', '--role', 'admin', '--password-stdin'], 'root-password-1\n');
    const run = await phare(['users', 'list', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout) as { name: string; role: string }[];
    expect(list.map((a) => [a.name, a.role])).toEqual([
      ['root', 'admin'],
      ['stella', 'staff'],
    ]);
    expect(run.stdout).not.toMatch(/scrypt|password/i);
  });

  it('changes a password from stdin', async () => {
    const run = await phare(['users', 'passwd', 'stella', '--password-stdin'], 'a-new-password\r\n');
    expect(run.code, run.stderr).toBe(0);
    expect(await verify('stella', 'a-new-password')).toBe('staff');
    expect(await verify('stella', 'stella-password')).toBeUndefined();
  });

  it('removes an account, and says so when there is none of that name', async () => {
    const removed = await phare(['users', 'remove', 'stella']);
    expect(removed.code, removed.stderr).toBe(0);
    const list = await phare(['users', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['root']);
    const again = await phare(['users', 'remove', 'stella']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/No account named stella/);
  });

  it('asks for --password-stdin when stdin is not a terminal', async () => {
    const run = await phare(['users', 'add', 'ana', '--role', 'apprentice']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--password-stdin/);
  });
});

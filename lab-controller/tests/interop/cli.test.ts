/**
 * The two commands as `phare` will run them, on a commander program of their own (main.ts
 * registration is the lead's): `phare interop` prints a summary, writes the reports and sets the
 * exit code; `phare profile scaffold --out` writes a draft and refuses to overwrite one.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { registerInterop, parseLuminaires } from '../../src/cli/commands/interop.ts';
import { registerProfileCommands } from '../../src/cli/commands/profile-scaffold.ts';
import { acmeProfileFile, startAcmeDevice, type AcmeDevice } from './bench.ts';

let device: AcmeDevice;
let dir: string;
let out: string[];

beforeEach(async () => {
  device = await startAcmeDevice({ missing: [5] });
  dir = mkdtempSync(join(tmpdir(), 'phare-interop-cli-'));
  // The kept copy goes to the data folder: a temporary one, never the repository's ./data.
  vi.stubEnv('PHARE_DATA_DIR', join(dir, 'data'));
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
  await device.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function phare(...args: string[]): Promise<void> {
  const program = new Command('phare').exitOverride();
  registerInterop(program, { logger: silentLogger });
  registerProfileCommands(program, { logger: silentLogger });
  await program.parseAsync(['node', 'phare', ...args]);
}

describe('phare interop and phare profile scaffold', () => {
  it('prints the failures with their explanation, writes the reports and exits 1', async () => {
    await phare(
      'interop',
      '--profile',
      acmeProfileFile,
      '--endpoint',
      `modbus-tcp://127.0.0.1:${device.port}?unit=1`,
      '--report',
      dir,
      '--samples',
      '2',
    );
    const text = out.join('');
    expect(text).toMatch(/✗ read\.value\.status: .*\n {6}The device answered Modbus exception 02/);
    expect(text).toMatch(/^FAIL: 3 mandatory check\(s\) failed/m);
    const html = /Reports: (\S+\.html)/.exec(text)?.[1];
    expect(html && existsSync(html)).toBe(true);
    expect(process.exitCode).toBe(1);
  });

  it('writes a scaffold draft with --out and will not overwrite it without --force', async () => {
    const file = join(dir, 'draft.yaml');
    const endpoint = `modbus-tcp://127.0.0.1:${device.port}?unit=1`;
    await phare('profile', 'scaffold', '--endpoint', endpoint, '--to', '9', '--out', file);
    expect(readFileSync(file, 'utf8')).toMatch(/- id: holding0\n/);
    await expect(phare('profile', 'scaffold', '--endpoint', endpoint, '--out', file)).rejects.toThrow(
      /exists; add --force/,
    );
  });

  it('reads a bench of luminaires as short addresses and groups', () => {
    expect(parseLuminaires('0:1,1:1+2,5')).toEqual([
      { shortAddress: 0, groups: [1] },
      { shortAddress: 1, groups: [1, 2] },
      { shortAddress: 5, groups: [] },
    ]);
    expect(() => parseLuminaires('64:1')).toThrow(/short addresses 0–63/);
  });
});

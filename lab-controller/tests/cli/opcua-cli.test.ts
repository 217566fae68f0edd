/**
 * `phare discover` and `phare certs` against the simulated building controller, as a user runs
 * them: the real CLI in a child process, the OPC-UA server on an ephemeral port, PKI folders in a
 * temporary directory.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  startBuildingSimulator,
  type BuildingSimulator,
} from '@phare/hardware/simulators/building-opcua/index.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const BIN = fileURLToPath(new URL('../../bin/phare.mjs', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function phare(args: string[], input?: string): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, PHARE_LOG: 'warn', PHARE_DATA_DIR: join(dir, 'data') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...out })));
}

let dir: string;
let sim: BuildingSimulator;

beforeAll(async () => {
  dir = tempDir('phare-opcua-cli-');
  sim = await startBuildingSimulator({
    port: 0,
    pkiDir: join(dir, 'server-pki'),
    users: [{ username: 'technicien', password: 'secret du jour' }],
  });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  removeDir(dir);
});

/** What a person does with the TODO lines of a draft before validating it. */
function fillTodos(draft: string): string {
  return draft
    .replace(/source: discovery # TODO.*$/gm, 'source: discovery, server browse')
    .replace(
      /^( +)limits: \{ min: 0, max: 0 \} # TODO.*$/gm,
      '$1range: { min: 0, max: 2 }\n$1limits: { min: 0, max: 2 }',
    );
}

describe('phare discover', () => {
  it('prints a draft profile of the server on stdout that phare validate accepts once completed', async () => {
    const run = await phare(
      ['discover', sim.endpointUrl, '--user', 'technicien', '--password-stdin'],
      'secret du jour\n',
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const draft = parse(run.stdout) as { kind: string; points: Array<{ id: string; nodeId: string }> };
    expect(draft.kind).toBe('opcua-controller');
    expect(draft.points.find((p) => p.id === 'zone1.setpoint')?.nodeId).toBe(
      'ns=1;s=Building.Zone1.Setpoint',
    );
    expect(draft.points.length).toBeGreaterThanOrEqual(36);

    const file = join(dir, 'profiles', 'todo-vendor', 'todo-model.yaml');
    mkdirSync(join(dir, 'profiles', 'todo-vendor'), { recursive: true });
    writeFileSync(file, fillTodos(run.stdout));
    const validate = await phare(['validate', file]);
    expect(validate.stdout).toBe(`${file}: ok\n`);
    expect(validate.code).toBe(0);
  }, 90_000);

  it('refuses a wrong password with a message that names the user', async () => {
    const run = await phare(
      ['discover', sim.endpointUrl, '--user', 'technicien', '--password-stdin'],
      'faux\n',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/technicien/);
  }, 60_000);
});

describe('phare certs', () => {
  it('keeps an unknown server certificate rejected until it is trusted, then connects encrypted', async () => {
    const pki = join(dir, 'client-pki');
    const encrypted = [
      'discover',
      sim.endpointUrl,
      '--security',
      'SignAndEncrypt',
      '--pki',
      pki,
      '--out',
      join(dir, 'enc.yaml'),
    ];
    const refused = await phare(encrypted);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/certs trust/);

    const listed = JSON.parse((await phare(['certs', 'list', '--pki', pki, '--json'])).stdout) as {
      own: unknown[];
      trusted: unknown[];
      rejected: Array<{ fingerprint: string; applicationUri?: string }>;
    };
    expect(listed.own).toHaveLength(1);
    expect(listed.trusted).toEqual([]);
    expect(listed.rejected).toHaveLength(1);
    const fingerprint = listed.rejected[0]!.fingerprint;

    const trusted = await phare(['certs', 'trust', fingerprint.slice(0, 12), '--pki', pki]);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain(`trusted ${fingerprint}`);
    const accepted = await phare(encrypted);
    expect(accepted.stderr).not.toMatch(/phare: (?!\d+ variable)/);
    expect(accepted.code).toBe(0);

    const rejected = await phare(['certs', 'reject', fingerprint, '--pki', pki, '--json']);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ rejected: { fingerprint } });
    const after = JSON.parse((await phare(['certs', 'list', '--pki', pki, '--json'])).stdout) as {
      trusted: unknown[];
      rejected: unknown[];
    };
    expect([after.trusted.length, after.rejected.length]).toEqual([0, 1]);
  }, 180_000);
});

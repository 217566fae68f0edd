import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PointMeta, WriteResultBody } from '../../src/api/wire.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { Recorder } from '../../src/storage/recorder.ts';
import { eventually, removeDir, startDemoSimulators, tempDir } from '../support/harness.ts';
import { simulatorLevel } from '../support/simulator-state.ts';

const BIN = fileURLToPath(new URL('../../bin/phare.mjs', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, PHARE_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, ...out })));
  return { child, out, done };
}

function phare(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return start(args, env).done;
}

/** A site file like demo.yaml whose endpoints and control ports are the given ones. */
function siteWithPorts(dir: string, ports: Record<string, number>): string {
  let text = readFileSync(DEMO_SITE, 'utf8');
  for (const [from, to] of Object.entries(ports))
    text = text.replaceAll(`:${from}?`, `:${to}?`).replaceAll(`control: ${from}`, `control: ${to}`);
  const file = join(dir, 'site.yaml');
  writeFileSync(file, text);
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('phare validate', () => {
  it('exits 1 on a broken profile and prints each problem as file:line:column', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      readFileSync(
        fileURLToPath(new URL('../../../hardware/profiles/hms/intesis-dali-modbus.yaml', import.meta.url)),
        'utf8',
      )
        .replace('timeoutMs: 1000', 'timeoutMs: -5')
        .replace('levelCodec: percent', 'levelCodec: percentage'),
    );
    const run = await phare(['validate', file]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/broken\.yaml:\d+:\d+: /);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  }, 60_000);

  it('exits 0 and reports ok as JSON for valid files', async () => {
    const run = await phare(['validate', DEMO_SITE, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, files: [{ ok: true }] });
  }, 60_000);
});

describe('phare points', () => {
  it('lists every point with unit, writability and limits as JSON', async () => {
    const run = await phare(['points', '--site', DEMO_SITE, '--json']);
    expect(run.code).toBe(0);
    const points = JSON.parse(run.stdout) as PointMeta[];
    expect(points.find((p) => p.id === 'street.lamp01.level')).toMatchObject({
      unit: '%',
      writable: true,
      limits: { min: 0, max: 100 },
    });
    expect(points.find((p) => p.id === 'street.lamp01.status')?.writable).toBe(false);
    expect(points.some((p) => p.id === 'park.group0.level')).toBe(true);
  }, 60_000);

  it('fails with a clear message, no stack trace, for a missing site file', async () => {
    const run = await phare(['points', '--site', '/nonexistent/site.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('/nonexistent/site.yaml');
    expect(run.stderr).not.toContain('internal error');
  }, 60_000);
});

describe('phare read and write against a running simulator', () => {
  let sims: RunningSimulators;
  let site: string;
  let dataDir: string;

  beforeAll(async () => {
    sims = await startDemoSimulators();
    const dir = tempDir();
    dirs.push(dir);
    dataDir = join(dir, 'data');
    const portOf = (device: string) => sims.endpoints.find((e) => e.device === device)!.port!;
    site = siteWithPorts(dir, { 15020: portOf('street'), 15021: portOf('park') });
  });
  afterAll(async () => {
    await sims?.stop();
  });

  it('writes a level within limits, which the simulator applies, and audits it in the data folder', async () => {
    const run = await phare(['write', 'park.bollard3.level', '40', '--site', site, '--json', '--as', 'ana'], {
      PHARE_DATA_DIR: dataDir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as WriteResultBody;
    expect(result).toMatchObject({ point: 'park.bollard3.level', value: 40 });
    const control = sims.endpoints.find((e) => e.device === 'park')!.controlUrl!;
    await eventually(
      async () => {
        const level = await simulatorLevel(control, 2);
        return Math.abs(level - 40) <= 2 ? level : undefined;
      },
      20_000,
      'bollard3 at 40 %',
    );
    const recorder = new Recorder(openDatabase(dataDir));
    expect(recorder.recent(1)[0]).toMatchObject({
      id: result.auditId,
      who: 'cli:ana',
      ok: true,
      newValue: 40,
    });
    recorder.close();
  }, 60_000);

  it('refuses a level above the limit with exit 1, a JSON error and an audit row', async () => {
    const run = await phare(['write', 'park.bollard3.level', '300', '--site', site, '--json'], {
      PHARE_DATA_DIR: dataDir,
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'OUT_OF_RANGE', point: 'park.bollard3.level' },
    });
    expect(run.stderr).toContain('bacmove/dalion-modbus-tcp');
    const recorder = new Recorder(openDatabase(dataDir));
    expect(recorder.recent(1)[0]).toMatchObject({
      ok: false,
      newValue: 300,
      error: { code: 'OUT_OF_RANGE' },
    });
    recorder.close();
  }, 60_000);

  it('reads a point as JSON', async () => {
    const run = await phare(['read', 'street.lamp05.level', '--site', site, '--json'], {
      PHARE_DATA_DIR: dataDir,
    });
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout) as { id: string; value: number; quality: string; unit: string };
    expect(state).toMatchObject({ id: 'street.lamp05.level', quality: 'good', unit: '%' });
    expect(typeof state.value).toBe('number');
  }, 60_000);

  it('names similar points when the point does not exist', async () => {
    const run = await phare(['read', 'street.lamp05.levl', '--site', site], { PHARE_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('street.lamp05.level');
  }, 60_000);
});

describe('phare sim', () => {
  it('prints the endpoints and control URLs, stays up, and stops on Ctrl-C', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const [a, b, c, d] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const site = siteWithPorts(dir, { 15020: a, 15021: b, 15120: c, 15121: d });
    const sim = start(['sim', '--site', site]);
    await eventually(
      () => (sim.out.stdout.split('\n').filter(Boolean).length >= 2 ? true : undefined),
      40_000,
      'endpoints printed',
    );
    expect(sim.out.stdout).toContain(`modbus-tcp://127.0.0.1:${a}?unit=1`);
    expect(sim.out.stdout).toContain(`http://127.0.0.1:${d}`);
    // It really serves: the control API answers.
    const state = await fetch(`http://127.0.0.1:${c}/state`);
    expect(state.status).toBe(200);
    sim.child.kill('SIGINT');
    const run = await sim.done;
    expect(run.code).toBe(0);
  }, 60_000);
});

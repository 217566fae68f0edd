/**
 * phare.config.yaml (config/phare-config.ts): where it is found, how it is checked (problems with
 * file:line:column like every data file), and how it merges with flags: a flag beats the file,
 * the file beats the defaults. The documented example at the repository root must stay valid.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import {
  daemonSettings,
  defaultPhareConfig,
  findConfigFile,
  loadPhareConfig,
  loadPhareConfigOrThrow,
  type PhareConfig,
} from '../../src/config/phare-config.ts';
import { repoRoot } from '../../src/config/paths.ts';
import { formatProblem, type Result } from '../../src/config/problem.ts';
import { validateFiles } from '../../src/config/validate.ts';
import { removeDir, tempDir } from '../support/harness.ts';
import { shown } from './fixture-paths.ts';

const dir = tempDir('phare-config-');
afterAll(() => removeDir(dir));

const EXAMPLE = join(repoRoot, 'phare.config.example.yaml');
let counter = 0;

function write(content: string, name = 'phare.config.yaml'): string {
  const folder = join(dir, `case${counter++}`);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function problems(result: Result<PhareConfig>): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('phare.config.yaml', () => {
  it('ships a documented example that is valid and spells out the defaults', () => {
    const example = loadPhareConfigOrThrow({ explicit: EXAMPLE });
    const defaults = daemonSettings(defaultPhareConfig());
    expect(daemonSettings(example)).toEqual({
      ...defaults,
      port: 8080,
      host: '127.0.0.1',
      dataDir: join(repoRoot, 'data'),
    });
    expect(validateFiles([EXAMPLE])).toMatchObject({ ok: true, files: [{ kind: 'config', problems: [] }] });
  });

  it('is found from --config, then PHARE_CONFIG, then ./phare.config.yaml, else none', () => {
    const cwdFile = write('schema: phare/config@1\n');
    const cwd = join(cwdFile, '..');
    expect(findConfigFile({ explicit: 'other.yaml', env: { PHARE_CONFIG: 'env.yaml' }, cwd })).toEqual({
      path: join(cwd, 'other.yaml'),
      named: true,
    });
    expect(findConfigFile({ env: { PHARE_CONFIG: '/etc/phare.yaml' }, cwd })).toEqual({
      path: '/etc/phare.yaml',
      named: true,
    });
    expect(findConfigFile({ env: {}, cwd })).toEqual({ path: cwdFile, named: false });
    expect(findConfigFile({ env: {}, cwd: dir })).toBeUndefined();
    expect(loadPhareConfig({ env: {}, cwd: dir })).toEqual({ ok: true, value: defaultPhareConfig() });
  });

  it('refuses a file named on purpose that does not exist', () => {
    const missing = join(dir, 'nope.yaml');
    expect(problems(loadPhareConfig({ explicit: missing }))).toEqual([`${shown(missing)}: file not found`]);
  });

  it('lets flags beat the file and the file beat the defaults', () => {
    const path = write(
      'schema: phare/config@1\nserver: { host: 127.0.0.2, port: 9000 }\ndataDir: /srv/phare\n',
    );
    const config = loadPhareConfigOrThrow({ explicit: path });
    expect(daemonSettings(config)).toMatchObject({ host: '127.0.0.2', port: 9000, dataDir: '/srv/phare' });
    expect(daemonSettings(config, { port: 0, host: '::1', dataDir: '/tmp/x' })).toMatchObject({
      host: '::1',
      port: 0,
      dataDir: '/tmp/x',
    });
    expect(daemonSettings(defaultPhareConfig())).toMatchObject({
      host: '127.0.0.1',
      port: undefined,
      dataDir: undefined,
    });
  });

  it('turns retention days, session hours and login windows into the controller units', () => {
    const path = write(
      [
        'schema: phare/config@1',
        'recorder: { flushIntervalMs: 500, retention: { rawDays: 2, averagedDays: 0.5, runEveryMinutes: 15 } }',
        'accounts: { sessionHours: 1.5, minPasswordLength: 14, loginAttempts: { max: 3, windowMinutes: 10 } }',
        'opcua: { pkiDir: pki, trust: explicit }',
      ].join('\n'),
    );
    expect(daemonSettings(loadPhareConfigOrThrow({ explicit: path }))).toMatchObject({
      recorderFlushMs: 500,
      retention: { rawMs: 2 * 86_400_000, averagedMs: 43_200_000, intervalMs: 900_000 },
      sessionTtlMs: 5_400_000,
      minPasswordLength: 14,
      loginAttempts: { maxFailures: 3, windowMs: 600_000 },
      // Relative to the file's folder, not the working directory.
      opcuaPkiDir: join(path, '..', 'pki'),
      opcuaTrust: 'explicit',
    });
  });

  it('names file, line and column of a wrong type, with the fix', () => {
    const path = write('schema: phare/config@1\nserver:\n  port: eighty\n');
    expect(problems(loadPhareConfig({ explicit: path }))).toEqual([
      expect.stringMatching(new RegExp(`^${shown(path)}:3:9: server\\.port: expected a number`)),
    ]);
  });

  it('suggests the key an unknown key resembles', () => {
    const path = write('schema: phare/config@1\nrecoder:\n  flushIntervalMs: 100\n');
    const found = problems(loadPhareConfig({ explicit: path }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(`^${shown(path)}:2:1: unknown key "recoder".*did you mean "recorder"`),
    );
  });

  it('refuses a password policy below the floor and a negative retention', () => {
    const path = write(
      'schema: phare/config@1\naccounts:\n  minPasswordLength: 6\nrecorder:\n  retention: { rawDays: -1 }\n',
    );
    const found = problems(loadPhareConfig({ explicit: path }));
    expect(
      found.some((p) => p.startsWith(`${shown(path)}:3:22:`) && /must be at least 10, got 6/.test(p)),
    ).toBe(true);
    expect(found.some((p) => p.startsWith(`${shown(path)}:5:25:`))).toBe(true);
  });

  it('is recognised by phare validate, which reports its problems like any data file', () => {
    const path = write('schema: phare/config@1\nopcua: { trust: maybe }\n');
    const report = validateFiles([path]);
    expect(report.ok).toBe(false);
    expect(report.files[0]).toMatchObject({ kind: 'config' });
    expect(report.files[0]!.problems.map(formatProblem)[0]).toMatch(
      new RegExp(`^${shown(path)}:2:17: opcua\\.trust`),
    );
  });

  it('stops `phare run` before anything starts when the file is wrong, naming the problem', async () => {
    const path = write('schema: phare/config@1\nserver: { port: 70000 }\n');
    const stderr: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['node', 'phare', 'run', '--site', 'hardware/sites/demo.yaml', '--config', path]);
    } finally {
      process.stderr.write = original;
    }
    expect(code).toBe(1);
    expect(stderr.join('')).toContain(`${shown(path)}:2:17: server.port`);
  });
});

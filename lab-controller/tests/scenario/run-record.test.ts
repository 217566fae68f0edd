/**
 * Runs are recorded in the controller's SQLite database (storage/run-store.ts): who, when, outcome,
 * verdicts and a timeline whose step start jitter the benchmark reads. And `phare scenario run
 * --sim` does the whole thing headless, exiting 0 only when every expect passed.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { registerScenarioCommands } from '../../src/cli/commands/scenario.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { SqliteRunStore } from '../../src/storage/run-store.ts';
import { jitterStats } from '../../src/scenario/timeline.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function phare(args: string[]): Promise<{ code: number; stdout: string }> {
  const program = new Command('phare').exitOverride();
  registerScenarioCommands(program, { logger: silentLogger });
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'phare', ...args]);
    return { code: typeof process.exitCode === 'number' ? process.exitCode : 0, stdout: chunks.join('') };
  } finally {
    write.mockRestore();
    process.exitCode = undefined;
  }
}

describe('scenario runs on record', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir('phare-scenario-');
  });
  afterEach(() => removeDir(dataDir));

  it('phare scenario run --sim passes lamp-failure, records the run and its audit, exits 0', async () => {
    const { code, stdout } = await phare([
      'scenario',
      'run',
      'lamp-failure',
      '--site',
      DEMO_SITE,
      '--sim',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    const result = JSON.parse(stdout) as { id: string; outcome: string; jitter: { count: number } };
    expect(result.outcome).toBe('passed');
    expect(code).toBe(0);
    const db = openDatabase(dataDir);
    try {
      const run = new SqliteRunStore(db).get(result.id);
      expect(run).toMatchObject({
        scenarioId: 'lamp-failure',
        site: 'demo',
        outcome: 'passed',
        reason: null,
      });
      expect(run!.who).toMatch(/^cli:/);
      expect(run!.endedAt).toBeGreaterThanOrEqual(run!.startedAt);
      expect((run!.verdicts as { ok: boolean }[]).map((v) => v.ok)).toEqual([true, true, true, true, true]);
      const timeline = run!.timeline as Parameters<typeof jitterStats>[0];
      expect(jitterStats(timeline).count).toBe(timeline.length);
      expect(result.jitter.count).toBe(timeline.length);
      const audited = db
        .prepare("SELECT COUNT(*) AS n FROM audit WHERE who = 'scenario:lamp-failure'")
        .get() as { n: number };
      expect(audited.n).toBeGreaterThanOrEqual(2);
    } finally {
      db.close();
    }
  }, 60_000);

  it('exits 1 and prints the failed verdict when an expect fails', async () => {
    const { code, stdout } = await phare([
      'scenario',
      'run',
      fixture('never-comes.yaml'),
      '--site',
      DEMO_SITE,
      '--sim',
      '--lang',
      'en',
      '--data-dir',
      dataDir,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /FAIL  steps\[1\]: Wait until: street\.lamp01\.level > 100 — not reached within 1\.5 s/,
    );
    expect(stdout).toMatch(/^failed: 0\/1 expects passed/m);
  }, 60_000);

  it('lists the library', async () => {
    const { code, stdout } = await phare(['scenario', 'list', '--json']);
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as { id: string; ok: boolean; file: string }[];
    // Sorted by file (workstream folder, then file name); other showcases may join the library.
    expect(entries.map((e) => e.file)).toEqual(entries.map((e) => e.file).sort());
    expect(entries.filter((e) => e.ok).map((e) => e.id)).toEqual(
      expect.arrayContaining([
        'renovation-before-after',
        'flood',
        'heat-wave',
        'lamp-failure',
        'night-dimming',
        'day-in-the-territory',
        'leak-detection',
        'turbidity-alarm',
      ]),
    );
    expect(entries.every((e) => e.ok)).toBe(true);
    expect(
      entries.every((e) =>
        e.file.startsWith(join(fileURLToPath(new URL('../../../scenarios/', import.meta.url)))),
      ),
    ).toBe(true);
  });
});

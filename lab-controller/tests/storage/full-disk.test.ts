/**
 * A full disk, produced without root: SQLite's `PRAGMA max_page_count` on the recorder's own
 * connection caps the database at its current size, so the next batch fails with SQLITE_FULL
 * exactly as on a full partition. Raising the cap is "space returns".
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openDatabase, type SqliteDatabase } from '../../src/storage/database.ts';
import { Recorder } from '../../src/storage/recorder.ts';
import { EventBus } from '../../src/bus/event-bus.ts';
import { Registry } from '../../src/registry/registry.ts';
import { WritePath } from '../../src/registry/write-path.ts';
import { startChaosSimulators } from '../chaos/support/chaos-rig.ts';
import { capturingLogger } from '../chaos/support/watch.ts';
import { eventually, removeDir, tempDir } from '../support/harness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

/** SQLite's default ceiling: "space returns". */
const NO_CAP = 1_073_741_823;

function fillDisk(db: SqliteDatabase): void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
}

/**
 * Fills the room left inside the sample table's partly filled pages (a page holds about a hundred
 * rows), so that the very next sample needs a new page and meets SQLITE_FULL.
 */
function useUpSampleSpace(db: SqliteDatabase): void {
  db.prepare("INSERT OR IGNORE INTO point (name) VALUES ('test.filler')").run();
  const insert = db.prepare(
    "INSERT INTO sample (point_id, ts, value, quality) SELECT id, 0, 0, 'good' FROM point WHERE name = 'test.filler'",
  );
  for (let i = 0; i < 100_000; i++) {
    try {
      insert.run();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_FULL') return;
      throw error;
    }
  }
  throw new Error('the capped database never became full');
}

function rowCount(dataDir: string, table: string): number {
  const peek = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (peek.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    peek.close();
  }
}

const burst = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `street.lamp01.level`,
    value: (from + i) % 100,
    quality: 'good' as const,
    ts: 1_000_000 + from + i,
  }));

/** Adds bursts of samples until the capped database refuses one (partly filled pages take a few). */
function addUntilRefused(recorder: Recorder, burstSize: number, bursts: number): number {
  let added = 0;
  for (let i = 0; i < bursts; i++) {
    recorder.addSamples(burst(added, burstSize));
    added += burstSize;
    recorder.flush();
  }
  return added;
}

const auditEntry = (ts: number) => ({
  ts,
  who: 'test',
  point: 'street.lamp01.level',
  device: 'street',
  oldValue: 10,
  newValue: 20,
  ok: true,
  error: null,
  commands: ['FC06 unit 1 register 0 = 20'],
});

describe('recorder on a full disk', () => {
  it('reports SQLITE_FULL once, keeps a bounded batch in memory, and writes it when space returns', async () => {
    const dataDir = tempDir('phare-full-disk-');
    dirs.push(dataDir);
    const db = openDatabase(dataDir);
    const log = capturingLogger();
    const recorder = new Recorder(db, {
      logger: log.child('recorder'),
      flushIntervalMs: 20,
      maxBatchRows: 200,
      maxBufferedRows: 1500,
    });
    recorder.addSamples(burst(-100, 100));
    recorder.flush();
    expect(rowCount(dataDir, 'sample')).toBe(100);

    fillDisk(db);
    const added = addUntilRefused(recorder, 200, 15);
    const full = recorder.stats();
    expect(full.failing).toBe(true);
    // Bounded: at most maxBufferedRows wait in memory; the oldest beyond that were dropped.
    expect(full.pending).toBe(1500);
    expect(full.dropped).toBeGreaterThan(0);
    expect(full.received).toBe(100 + added);
    expect(full.written + full.pending + full.dropped).toBe(full.received);
    expect(rowCount(dataDir, 'sample')).toBe(full.written);

    const errors = log.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/SQLITE_FULL.*the disk or the database is full/);
    expect(errors[0]!.msg).toContain(join(dataDir, DATABASE_FILE));
    expect(errors[0]!.msg).toMatch(/Devices keep running/);
    expect(log.lines.filter((l) => /buffer full/.test(l.msg))).toHaveLength(1);

    // Audit entries while the disk is full: the writes they record happened, so each keeps its id.
    const ids: number[] = [];
    while (recorder.stats().pendingAudit === 0 && ids.length < 1000)
      ids.push(recorder.append(auditEntry(ids.length)).id);
    expect(recorder.stats().pendingAudit).toBe(1);
    expect(recorder.recent(ids.length).map((e) => e.id)).toEqual([...ids].reverse());

    db.pragma(`max_page_count = ${NO_CAP}`);
    await eventually(
      () => (recorder.stats().pending === 0 ? true : undefined),
      15_000,
      'retry after space returns',
    );
    const after = recorder.stats();
    expect(after).toMatchObject({ failing: false, pendingAudit: 0, dropped: full.dropped });
    expect(after.written).toBe(after.received - after.dropped);
    expect(rowCount(dataDir, 'sample')).toBe(after.written);
    expect(rowCount(dataDir, 'audit')).toBe(ids.length);
    // The newest samples of the outage survived.
    const kept = recorder.history('street.lamp01.level', 0, Number.MAX_SAFE_INTEGER, 100_000);
    expect(kept.at(-1)!.ts).toBe(1_000_000 + added - 1);
    expect(
      log.lines.some(
        (l) => /works again/.test(l.msg) && l.msg.includes(`${full.dropped} samples were dropped`),
      ),
    ).toBe(true);
    recorder.close();

    const reopened = new Recorder(openDatabase(dataDir));
    expect(reopened.recent(1)[0]).toMatchObject({ id: ids.at(-1), who: 'test' });
    // The next id follows the last one given out while the disk was full.
    expect(reopened.append(auditEntry(9999)).id).toBe(ids.at(-1)! + 1);
    reopened.close();
  });

  it('says on close how many samples the full disk kept it from writing', () => {
    const dataDir = tempDir('phare-full-disk-');
    dirs.push(dataDir);
    const db = openDatabase(dataDir);
    const log = capturingLogger();
    const recorder = new Recorder(db, { logger: log, flushIntervalMs: 20, maxBatchRows: 100 });
    fillDisk(db);
    const added = addUntilRefused(recorder, 100, 20);
    const { written, pending } = recorder.stats();
    expect(pending).toBeGreaterThan(0);
    recorder.close();
    const last = log.lines.at(-1)!;
    expect(last.level).toBe('error');
    expect(last.msg).toContain(
      `${added} samples received, ${written} written, 0 dropped, ${pending} unwritten`,
    );
    expect(last.msg).toMatch(/the disk still refuses writes/);
  });
});

describe('audit ids with two writers on one data folder', () => {
  it('gives the daemon and a CLI one-shot distinct ids, and keeps an entry that waited for the disk', async () => {
    const dataDir = tempDir('phare-full-disk-');
    dirs.push(dataDir);
    const daemonDb = openDatabase(dataDir);
    const log = capturingLogger();
    const daemon = new Recorder(daemonDb, { logger: log, flushIntervalMs: 20 });
    const cli = new Recorder(openDatabase(dataDir));
    const a = daemon.append(auditEntry(1));
    const b = cli.append(auditEntry(2));
    const c = daemon.append(auditEntry(3));
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);

    // The daemon's disk is full: its next entry waits with the id it expects; the CLI, whose
    // connection is not capped, takes that id meanwhile.
    fillDisk(daemonDb);
    let waiting = daemon.append(auditEntry(4));
    for (let i = 5; daemon.stats().pendingAudit === 0 && i < 1000; i++)
      waiting = daemon.append(auditEntry(i));
    const taken = cli.append(auditEntry(9999));
    expect(taken.id).toBe(waiting.id);
    daemonDb.pragma(`max_page_count = ${NO_CAP}`);
    await eventually(() => (daemon.stats().pendingAudit === 0 ? true : undefined), 15_000, 'audit written');
    const rows = daemon.recent(2000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.filter((r) => r.ts === waiting.ts)).toHaveLength(1);
    expect(log.lines.some((l) => l.msg.includes(`audit entry ${waiting.id} was stored as`))).toBe(true);
    daemon.close();
    cli.close();
  });
});

describe('controller pieces on a full disk', () => {
  it('keeps driving a device and auditing writes while the disk is full, and records the outage once space returns', async () => {
    const dir = tempDir('phare-full-disk-live-');
    dirs.push(dir);
    const bench = await startChaosSimulators(dir, ['street']);
    const bus = new EventBus();
    const log = capturingLogger();
    const db = openDatabase(join(dir, 'data'));
    // Wired as start-controller.ts wires them: bus → recorder, write path audited by the recorder.
    const recorder = new Recorder(db, { logger: log.child('recorder'), flushIntervalMs: 50 });
    bus.on('points', (changes) => recorder.addSamples(changes), 'recorder');
    const registry = new Registry(bench.site(), { bus, logger: log, dataDir: join(dir, 'data') });
    const writePath = new WritePath(registry, recorder, bus);
    registry.start();
    try {
      await eventually(() => (registry.healthOf('street')?.status === 'online' ? true : undefined), 30_000);
      fillDisk(db);
      useUpSampleSpace(db);
      // Until the disk refuses an audit entry (partly filled pages take a few), as a busy day would.
      for (let i = 0; recorder.stats().pendingAudit === 0 && i < 1000; i++) recorder.append(auditEntry(i));
      expect(recorder.stats().failing).toBe(true);
      const writtenBefore = recorder.stats().written;
      const auditRows = rowCount(join(dir, 'data'), 'audit');

      const result = await writePath.write('street.lamp03.level', 64, 'test:full-disk');
      expect(result.auditId).toBeGreaterThan(0);
      await eventually(
        () => {
          const v = registry.store.get('street.lamp03.level');
          return v?.quality === 'good' && typeof v.value === 'number' && Math.abs(v.value - 64) <= 2
            ? v
            : undefined;
        },
        20_000,
        'lamp03 reads back 64 % while the disk is full',
      );
      expect(recorder.stats().written).toBe(writtenBefore);
      expect(recorder.stats().pending).toBeGreaterThan(0);
      expect(recorder.recent(1)[0]).toMatchObject({ id: result.auditId, newValue: 64, ok: true });
      expect(log.lines.filter((l) => /SQLITE_FULL/.test(l.msg))).toHaveLength(1);

      db.pragma(`max_page_count = ${NO_CAP}`);
      await eventually(
        () => (!recorder.stats().failing && recorder.stats().pendingAudit === 0 ? true : undefined),
        20_000,
        'recording again',
      );
      const recorded = recorder.history('street.lamp03.level', 0, Number.MAX_SAFE_INTEGER);
      expect(recorded.some((s) => typeof s.value === 'number' && Math.abs(s.value - 64) <= 2)).toBe(true);
      expect(rowCount(join(dir, 'data'), 'audit')).toBe(auditRows + 2);
      expect(recorder.stats().dropped).toBe(0);
    } finally {
      await registry.stop();
      recorder.close();
      await bench.stop();
    }
  }, 90_000);
});

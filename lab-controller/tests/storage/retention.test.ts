/**
 * Sample retention (storage/retention.ts) on a real SQLite file in a temporary data folder:
 * samples inserted at old timestamps are kept raw, reduced to 1-minute means, or dropped by age.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/storage/database.ts';
import { RetentionJob, type RetentionPolicy } from '../../src/storage/retention.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A fixed "now", on a minute boundary, so the windows are exact. */
const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const POLICY: RetentionPolicy = { rawMs: 2 * DAY, averagedMs: 5 * DAY, intervalMs: 3_600_000 };

let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  dir = tempDir('phare-retention-');
  db = openDatabase(dir);
});

afterEach(() => {
  db.close();
  removeDir(dir);
});

function pointId(name: string): number {
  const found = db.prepare<[string], { id: number }>('SELECT id FROM point WHERE name = ?').get(name);
  if (found) return found.id;
  return Number(db.prepare('INSERT INTO point (name) VALUES (?)').run(name).lastInsertRowid);
}

function insert(name: string, ts: number, value: number | string | null, quality = 'good'): void {
  db.prepare('INSERT INTO sample (point_id, ts, value, quality) VALUES (?, ?, ?, ?)').run(
    pointId(name),
    ts,
    value,
    quality,
  );
}

function rows(name: string): { ts: number; value: number | string | null; quality: string }[] {
  return db
    .prepare<[number], { ts: number; value: number | string | null; quality: string }>(
      'SELECT ts, value, quality FROM sample WHERE point_id = ? ORDER BY ts, rowid',
    )
    .all(pointId(name));
}

function job(policy = POLICY, chunkMs?: number): RetentionJob {
  return new RetentionJob(db, policy, { now: () => NOW, ...(chunkMs ? { chunkMs } : {}) });
}

describe('sample retention', () => {
  it('keeps samples inside the raw window exactly as recorded', async () => {
    const recent = NOW - DAY;
    for (let s = 0; s < 10; s++) insert('street.lamp01.level', recent + s * 1000, s);
    await job().runOnce();
    expect(rows('street.lamp01.level').map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reduces older good numeric samples to one mean per minute, at the minute start', async () => {
    const minute = NOW - 3 * DAY;
    for (const [offset, value] of [
      [0, 10],
      [15_000, 20],
      [30_000, 30],
      [59_999, 40],
    ] as const)
      insert('river.level', minute + offset, value);
    insert('river.level', minute + MINUTE + 5_000, 7);
    const report = await job().runOnce();
    expect(rows('river.level')).toEqual([
      { ts: minute, value: 25, quality: 'good' },
      { ts: minute + MINUTE, value: 7, quality: 'good' },
    ]);
    expect(report).toMatchObject({ minutesAveraged: 2, rawRowsReplaced: 5, rowsDropped: 0 });
  });

  it('keeps offline, bad and text samples as they are inside the averaged window', async () => {
    const minute = NOW - 4 * DAY;
    insert('park.bollard1.level', minute + 1_000, 40);
    insert('park.bollard1.level', minute + 2_000, null, 'offline');
    insert('park.bollard1.level', minute + 3_000, 60);
    insert('park.bollard1.level', minute + 4_000, 99, 'bad');
    insert('park.bollard1.mode', minute + 5_000, 'auto');
    await job().runOnce();
    expect(rows('park.bollard1.level')).toEqual([
      { ts: minute, value: 50, quality: 'good' },
      { ts: minute + 2_000, value: null, quality: 'offline' },
      { ts: minute + 4_000, value: 99, quality: 'bad' },
    ]);
    expect(rows('park.bollard1.mode')).toEqual([{ ts: minute + 5_000, value: 'auto', quality: 'good' }]);
  });

  it('drops every row older than the raw and averaged windows together', async () => {
    insert('street.lamp02.level', NOW - 8 * DAY, 1);
    insert('street.lamp02.level', NOW - 7 * DAY - MINUTE, null, 'offline');
    insert('street.lamp02.level', NOW - 6 * DAY, 3);
    const report = await job().runOnce();
    expect(rows('street.lamp02.level')).toEqual([{ ts: NOW - 6 * DAY, value: 3, quality: 'good' }]);
    expect(report.rowsDropped).toBe(2);
  });

  it('works through a backlog in many small transactions and gives the same result', async () => {
    const start = NOW - 5 * DAY;
    // Two days of one sample every 20 s for two points: 17 280 rows.
    const insertMany = db.transaction(() => {
      for (let t = 0; t < 2 * DAY; t += 20_000) {
        insert('a.x', start + t, (t / 20_000) % 3);
        insert('b.y', start + t, 5);
      }
    });
    insertMany();
    const report = await job(POLICY, 30 * MINUTE).runOnce();
    expect(report.chunks).toBeGreaterThan(100);
    const a = rows('a.x');
    expect(a).toHaveLength(2 * 24 * 60);
    // Each minute held values 0,1,2 twice (3 samples a minute, the cycle of 3 shifting): mean 1.
    expect(new Set(a.map((r) => r.value))).toEqual(new Set([1]));
    expect(a.every((r) => r.ts % MINUTE === 0)).toBe(true);
    expect(rows('b.y').every((r) => r.value === 5)).toBe(true);
  });

  it('changes nothing on a second pass (idempotent), and picks up samples recorded late', async () => {
    const minute = NOW - 3 * DAY;
    insert('c.z', minute + 1_000, 2);
    insert('c.z', minute + 2_000, 4);
    const retention = job();
    await retention.runOnce();
    const second = await retention.runOnce();
    expect(second).toMatchObject({ minutesAveraged: 0, rawRowsReplaced: 0, rowsDropped: 0 });
    expect(rows('c.z')).toEqual([{ ts: minute, value: 3, quality: 'good' }]);
    // A restarted controller (new job, no memory of the last pass) finds nothing to redo either.
    expect(await job().runOnce()).toMatchObject({ minutesAveraged: 0, rawRowsReplaced: 0 });
  });

  it('with no averaged window, drops samples as they leave the raw window', async () => {
    insert('d.w', NOW - 3 * DAY, 1);
    insert('d.w', NOW - DAY, 2);
    await job({ ...POLICY, averagedMs: 0 }).runOnce();
    expect(rows('d.w').map((r) => r.value)).toEqual([2]);
  });

  it('runs a pass at start, which a caller can join', async () => {
    insert('e.v', NOW - 3 * DAY, 1);
    insert('e.v', NOW - 3 * DAY + 1_000, 3);
    const retention = job();
    retention.start();
    await retention.runOnce();
    await retention.stop();
    expect(rows('e.v')).toEqual([{ ts: NOW - 3 * DAY, value: 2, quality: 'good' }]);
  });

  it('stops between chunks when asked, leaving every minute whole and the database usable', async () => {
    const start = NOW - 5 * DAY;
    db.transaction(() => {
      for (let t = 0; t < DAY; t += 10_000) insert('f.u', start + t, 4);
    })();
    const retention = job(POLICY, 10 * MINUTE);
    retention.start();
    await retention.stop();
    const left = rows('f.u');
    // Some minutes may be reduced, the rest untouched; none is half done.
    const perMinute = new Map<number, number>();
    for (const r of left)
      perMinute.set(Math.floor(r.ts / MINUTE), (perMinute.get(Math.floor(r.ts / MINUTE)) ?? 0) + 1);
    expect([...perMinute.values()].every((n) => n === 1 || n === 6)).toBe(true);
    insert('f.u', NOW, 9);
    expect(rows('f.u').at(-1)).toEqual({ ts: NOW, value: 9, quality: 'good' });
  });
});

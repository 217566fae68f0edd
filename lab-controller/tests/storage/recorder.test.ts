import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openDatabase, StorageUnavailable } from '../../src/storage/database.ts';
import { Recorder } from '../../src/storage/recorder.ts';
import { MIGRATIONS } from '../../src/storage/migrations.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phare-storage-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('storage', () => {
  it('creates the data folder, uses WAL and migrates the schema to the latest version', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const db = openDatabase(dataDir);
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('writes samples in batches and keeps them across a restart', () => {
    const dataDir = tempDir();
    const recorder = new Recorder(openDatabase(dataDir), { flushIntervalMs: 10_000, maxBatchRows: 1000 });
    recorder.addSamples([
      { id: 'street.lamp01.level', value: 40, quality: 'good', ts: 1000 },
      { id: 'street.lamp01.on', value: true, quality: 'good', ts: 1000 },
      { id: 'street.lamp01.level', value: 60, quality: 'good', ts: 2000 },
    ]);
    // Not flushed yet: a second connection sees nothing (one transaction per batch).
    const peek = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    expect(peek.prepare('SELECT count(*) AS n FROM sample').get()).toEqual({ n: 0 });
    recorder.close();
    expect(peek.prepare('SELECT count(*) AS n FROM sample').get()).toEqual({ n: 3 });
    peek.close();

    const reopened = new Recorder(openDatabase(dataDir));
    expect(reopened.history('street.lamp01.level', 0, 5000)).toEqual([
      { ts: 1000, value: 40, quality: 'good' },
      { ts: 2000, value: 60, quality: 'good' },
    ]);
    expect(reopened.history('street.lamp01.level', 1500, 5000)).toHaveLength(1);
    expect(reopened.history('street.lamp01.on', 0, 5000)[0]?.value).toBe(1);
    reopened.close();
  });

  it('flushes by itself when a batch reaches maxBatchRows', () => {
    const dataDir = tempDir();
    const recorder = new Recorder(openDatabase(dataDir), { flushIntervalMs: 60_000, maxBatchRows: 50 });
    for (let i = 0; i < 120; i++) recorder.addSamples([{ id: 'p.x', value: i, quality: 'good', ts: i }]);
    const peek = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    expect((peek.prepare('SELECT count(*) AS n FROM sample').get() as { n: number }).n).toBe(100);
    peek.close();
    recorder.close();
  });

  it('stores audit entries at once, newest first, with refused attempts and their error', () => {
    const dataDir = tempDir();
    const recorder = new Recorder(openDatabase(dataDir));
    const first = recorder.append({
      ts: 1,
      who: 'cli:ana',
      point: 'street.lamp01.level',
      device: 'street',
      oldValue: 10,
      newValue: 150,
      ok: false,
      error: { code: 'OUT_OF_RANGE', message: 'too high' },
      commands: [],
    });
    const second = recorder.append({
      ts: 2,
      who: 'api:127.0.0.1',
      point: 'street.lamp01.level',
      device: 'street',
      oldValue: 10,
      newValue: 50,
      ok: true,
      error: null,
      commands: ['FC06 unit 1 register 15 = 50'],
    });
    expect(second.id).toBeGreaterThan(first.id);
    recorder.close();
    const reopened = new Recorder(openDatabase(dataDir));
    const rows = reopened.recent(10);
    expect(rows.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(rows[1]).toMatchObject({ ok: false, newValue: 150, error: { code: 'OUT_OF_RANGE' } });
    expect(rows[0]).toMatchObject({ ok: true, commands: ['FC06 unit 1 register 15 = 50'] });
    reopened.close();
  });

  it('names the folder when the data folder cannot be written', () => {
    const parent = tempDir();
    const blocker = join(parent, 'not-a-folder');
    writeFileSync(blocker, 'x');
    expect(() => openDatabase(join(blocker, 'data'))).toThrow(StorageUnavailable);
    expect(() => openDatabase(join(blocker, 'data'))).toThrow(/not-a-folder.*PHARE_DATA_DIR/);
    if (process.getuid?.() !== 0) {
      const readOnly = join(parent, 'ro');
      openDatabase(readOnly).close();
      chmodSync(readOnly, 0o500);
      expect(() => openDatabase(join(readOnly, 'sub'))).toThrow(StorageUnavailable);
      chmodSync(readOnly, 0o700);
    }
  });
});

/**
 * No data loss (issue 9 §3), with the controller as a child process (`phare run`) recording the
 * chaos site's simulators (Modbus TCP DALI gateway, ASCII sensor and Modbus RTU probe on ptys):
 * - SIGTERM: the recorder flushes before exit; every sample the bus gave it is in SQLite;
 * - SIGKILL mid-recording: the database opens again (WAL recovery), everything committed before
 *   the kill is still there, and the restarted controller records again by itself.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { AuditRecord, DeviceHealth, HistorySample, PointSnapshot } from '../../src/api/wire.ts';
import { DATABASE_FILE } from '../../src/storage/database.ts';
import { startChaosSimulators, type ChaosSimulators } from '../chaos/support/chaos-rig.ts';
import type { ChaosDevice } from '../chaos/support/chaos-site.ts';
import { killAllChildren, spawnController, type ChildController } from '../chaos/support/child-controller.ts';
import { dataOf, eventually, getJson, postJson, removeDir, tempDir } from '../support/harness.ts';

const DEVICES: ChaosDevice[] = ['street', 'basin', 'river-quality'];
const WATCHED = ['street.lamp01.level', 'street.lamp02.level', 'basin.distance'];

let dir: string;
let bench: ChaosSimulators;
let site: string;

beforeAll(async () => {
  dir = tempDir('phare-stop-crash-');
  bench = await startChaosSimulators(dir, DEVICES);
  site = bench.writeSite(dir);
}, 60_000);

afterAll(async () => {
  await killAllChildren();
  await bench?.stop();
  removeDir(dir);
});

async function allOnline(child: ChildController): Promise<void> {
  await eventually(
    async () => {
      const devices = dataOf(await getJson<DeviceHealth[]>(`${child.url}/api/devices`));
      return DEVICES.every((id) => devices.find((d) => d.id === id)?.status === 'online') ? true : undefined;
    },
    40_000,
    'every device online',
  );
}

async function history(child: ChildController, point: string): Promise<HistorySample[]> {
  return dataOf(
    await getJson<HistorySample[]>(`${child.url}/api/points/${point}/history?from=0&limit=100000`),
  );
}

async function level(child: ChildController, point: string): Promise<number | null> {
  const p = dataOf(await getJson<PointSnapshot>(`${child.url}/api/points/${point}`));
  return typeof p.state.value === 'number' && p.state.quality === 'good' ? p.state.value : null;
}

/** Starts a fade on the north group and waits until lamp01 is on its way: samples keep coming. */
async function fade(child: ChildController, to: number): Promise<void> {
  dataOf(await postJson(`${child.url}/api/points/street.group1.level`, { value: to }));
  await eventually(
    async () => {
      const v = await level(child, 'street.lamp01.level');
      return v !== null && Math.abs(v - to) <= 2 ? true : undefined;
    },
    20_000,
    `lamp01 at ${to} %`,
  );
}

function openReadOnly(dataDir: string): Database.Database {
  return new Database(join(dataDir, DATABASE_FILE), { readonly: true });
}

const key = (s: HistorySample) => `${s.ts}|${String(s.value)}|${s.quality}`;

describe('stopping the controller with SIGTERM', () => {
  it('flushes the recorder before exit: every sample it was given is in SQLite', async () => {
    const dataDir = join(dir, 'data-sigterm');
    const child = await spawnController({ site, dataDir, cwd: dir });
    await allOnline(child);
    await fade(child, 80);
    await fade(child, 20);
    const seen = await history(child, 'street.lamp01.level');
    expect(seen.length).toBeGreaterThan(2);
    // A fade in progress at the stop: its last samples are still in the recorder's batch.
    dataOf(await postJson(`${child.url}/api/points/street.group1.level`, { value: 90 }));
    await eventually(
      async () => ((await level(child, 'street.lamp01.level')) ?? 0) > 30 || undefined,
      20_000,
    );
    child.signal('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });

    const summary =
      /recorder closed: (\d+) samples received, (\d+) written, (\d+) dropped, (\d+) unwritten; (\d+) audit entries unwritten/.exec(
        child.log(),
      );
    expect(summary, child.log()).not.toBeNull();
    const [received, written, dropped, unwritten, auditUnwritten] = summary!.slice(1).map(Number);
    console.log(`SIGTERM: recorder received ${received} samples, wrote ${written}`);
    expect(written).toBe(received);
    expect({ dropped, unwritten, auditUnwritten }).toEqual({ dropped: 0, unwritten: 0, auditUnwritten: 0 });

    const db = openReadOnly(dataDir);
    try {
      const rows = (db.prepare('SELECT count(*) AS n FROM sample').get() as { n: number }).n;
      expect(rows).toBe(written);
      const stored = db
        .prepare(
          `SELECT s.ts, s.value, s.quality FROM sample s JOIN point p ON p.id = s.point_id
           WHERE p.name = 'street.lamp01.level' ORDER BY s.ts`,
        )
        .all() as HistorySample[];
      const storedKeys = new Set(stored.map(key));
      expect(seen.filter((s) => !storedKeys.has(key(s)))).toEqual([]);
      // The fade that was under way when the signal came is recorded up to the last level seen.
      expect(stored.length).toBeGreaterThan(seen.length);
      expect(stored.some((s) => typeof s.value === 'number' && s.value > 30 && s.ts > seen.at(-1)!.ts)).toBe(
        true,
      );
      expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(3);
    } finally {
      db.close();
    }
  }, 120_000);
});

describe('killing the controller with SIGKILL while it records', () => {
  it('reopens the database after the crash, keeps everything committed, and records again by itself', async () => {
    const dataDir = join(dir, 'data-sigkill');
    const first = await spawnController({ site, dataDir, cwd: dir });
    await allOnline(first);
    await fade(first, 70);
    const audit = dataOf(await getJson<AuditRecord[]>(`${first.url}/api/audit`));
    // The history API flushes the batch before it answers: what it returns is committed.
    const before = new Map<string, HistorySample[]>();
    for (const point of WATCHED) before.set(point, await history(first, point));
    expect(before.get('street.lamp01.level')!.length).toBeGreaterThan(1);
    // Pull the plug in the middle of a fade: polls, batches and a write in flight.
    void postJson(`${first.url}/api/points/street.group1.level`, { value: 15 }).catch(() => undefined);
    await eventually(
      async () => ((await level(first, 'street.lamp01.level')) ?? 100) < 65 || undefined,
      20_000,
    );
    first.signal('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    // The write-ahead log is left behind: the next open must recover from it.
    const wal = join(dataDir, `${DATABASE_FILE}-wal`);
    expect(existsSync(wal) && statSync(wal).size > 0).toBe(true);

    const second = await spawnController({ site, dataDir, cwd: dir });
    expect(second.log()).not.toMatch(/cannot be opened|nothing is recorded/);
    await allOnline(second);
    for (const point of WATCHED) {
      const after = new Set((await history(second, point)).map(key));
      const lost = before.get(point)!.filter((s) => !after.has(key(s)));
      expect(lost, `${point}: samples committed before the kill and missing after it`).toEqual([]);
    }
    const auditAfter = new Set(
      dataOf(await getJson<AuditRecord[]>(`${second.url}/api/audit`)).map((a) => a.id),
    );
    expect(audit.filter((a) => !auditAfter.has(a.id))).toEqual([]);
    // It drives and records again without help.
    await fade(second, 45);
    await eventually(
      async () =>
        (await history(second, 'street.lamp01.level')).some(
          (s) => s.ts > Date.now() - 60_000 && typeof s.value === 'number' && Math.abs(s.value - 45) <= 2,
        ) || undefined,
      20_000,
      'new samples recorded after the restart',
    );
    second.signal('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const db = openReadOnly(dataDir);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 150_000);
});

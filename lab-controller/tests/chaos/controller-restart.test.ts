/**
 * Chaos (issue 9 §4): the controller itself restarts in the middle of a show. It runs as a child
 * process (`phare run`) driving the street and park DALI gateways; the show is the library's
 * night-dimming, started through the API.
 * - SIGTERM mid-show: the run is aborted, its `finally` restores the night level before exit, and
 *   the restarted controller serves that record and every sample recorded before the stop.
 * - SIGKILL mid-show (a power cut): the restarted controller keeps every committed sample, drives
 *   the devices again by itself and writes nothing to them at start (ARCHITECTURE.md §7, FUXA).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AlarmsView,
  AuditRecord,
  DeviceHealth,
  HistorySample,
  PointSnapshot,
  ScenarioRunView,
  StartRunResultBody,
} from '../../src/api/wire.ts';
import { dataOf, eventually, getJson, postJson, removeDir, tempDir } from '../support/harness.ts';
import { startChaosSimulators, type ChaosSimulators } from './support/chaos-rig.ts';
import type { ChaosDevice } from './support/chaos-site.ts';
import { killAllChildren, spawnController, type ChildController } from './support/child-controller.ts';

const DEVICES: ChaosDevice[] = ['street', 'park'];
/** night-dimming's night level, restored by its `finally`. */
const NIGHT = 30;

let dir: string;
let bench: ChaosSimulators;
let site: string;
let dataDir: string;

beforeAll(async () => {
  dir = tempDir('phare-chaos-controller-');
  bench = await startChaosSimulators(dir, DEVICES);
  site = bench.writeSite(dir);
  dataDir = join(dir, 'data');
}, 60_000);

afterAll(async () => {
  await killAllChildren();
  await bench?.stop();
  removeDir(dir);
});

async function start(): Promise<ChildController> {
  const child = await spawnController({ site, dataDir, cwd: dir });
  await eventually(
    async () => {
      const devices = dataOf(await getJson<DeviceHealth[]>(`${child.url}/api/devices`));
      return DEVICES.every((id) => devices.find((d) => d.id === id)?.status === 'online') ? true : undefined;
    },
    40_000,
    'street and park online',
  );
  return child;
}

async function startShow(child: ChildController): Promise<string> {
  // The catalogue refuses (422) until every required point has been read once.
  const runId = await eventually(
    async () => {
      const started = await postJson<StartRunResultBody>(`${child.url}/api/scenarios/night-dimming/runs`, {});
      return started.status === 201 ? dataOf(started).run : undefined;
    },
    30_000,
    'night-dimming started',
  );
  // Mid-show: the north side is being lit to 100 % for the passer-by.
  await eventually(
    async () => {
      const run = dataOf(await getJson<ScenarioRunView>(`${child.url}/api/runs/${runId}`));
      return run.timeline.some((t) => t.step === 'presence-north' && t.ok) ? true : undefined;
    },
    40_000,
    'night-dimming lighting the north side',
  );
  return runId;
}

async function history(child: ChildController, point: string): Promise<HistorySample[]> {
  return dataOf(
    await getJson<HistorySample[]>(`${child.url}/api/points/${point}/history?from=0&limit=100000`),
  );
}

async function level(child: ChildController, point: string): Promise<PointSnapshot['state']> {
  return dataOf(await getJson<PointSnapshot>(`${child.url}/api/points/${point}`)).state;
}

const key = (s: HistorySample) => `${s.ts}|${String(s.value)}|${s.quality}`;

describe('restarting the controller in the middle of a show', () => {
  /** Started by the first test, power-cut by the second (one controller start fewer). */
  let restarted: ChildController | undefined;

  it('on SIGTERM ends the show in its finally, and the restarted controller has its record and samples', async () => {
    const first = await start();
    const runId = await startShow(first);
    const before = await history(first, 'street.lamp01.level');
    first.signal('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.log()).toMatch(/ended: aborted/);

    const second = await start();
    restarted = second;
    const record = dataOf(await getJson<ScenarioRunView>(`${second.url}/api/runs/${runId}`));
    expect(record).toMatchObject({ outcome: 'aborted', active: false });
    const inFinally = record.timeline.filter((t) => t.inFinally);
    expect(inFinally.length).toBeGreaterThan(0);
    expect(inFinally.every((t) => t.ok)).toBe(true);
    // The safe state held across the restart: the whole street at its night level.
    for (const lamp of ['lamp01', 'lamp07', 'lamp11']) {
      await eventually(
        async () => {
          const state = await level(second, `street.${lamp}.level`);
          return state.quality === 'good' && Math.abs(Number(state.value) - NIGHT) <= 3 ? true : undefined;
        },
        10_000,
        `${lamp} at the night level`,
      );
    }
    const after = new Set((await history(second, 'street.lamp01.level')).map(key));
    expect(before.filter((s) => !after.has(key(s)))).toEqual([]);
  }, 120_000);

  it('after SIGKILL mid-show keeps what was committed, drives the devices again, and writes nothing at start', async () => {
    const first = restarted ?? (await start());
    const runId = await startShow(first);
    const before = await history(first, 'street.lamp01.level');
    first.signal('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const restartedAt = Date.now();
    const second = await start();
    const after = new Set((await history(second, 'street.lamp01.level')).map(key));
    expect(before.filter((s) => !after.has(key(s)))).toEqual([]);
    // The devices are read, not written: lamp01 keeps the full level the show had set.
    await eventually(
      async () => (Number((await level(second, 'street.lamp01.level')).value) >= 97 ? true : undefined),
      10_000,
    );
    const audit = dataOf(await getJson<AuditRecord[]>(`${second.url}/api/audit?limit=500`));
    expect(audit.filter((a) => a.ts >= restartedAt)).toEqual([]);
    const record = dataOf(await getJson<ScenarioRunView>(`${second.url}/api/runs/${runId}`));
    // Its finally never ran: the run is closed as an error that says so, and the staff are warned.
    expect(record).toMatchObject({ outcome: 'error', active: false });
    expect(record.reason).toMatch(/stopped before this run ended/);
    const alarms = dataOf(await getJson<AlarmsView>(`${second.url}/api/alarms`));
    expect(alarms.recent.some((a) => a.severity === 'warning' && a.detail?.['run'] === runId)).toBe(true);
    // Polling and recording resumed by themselves.
    dataOf(await postJson(`${second.url}/api/points/park.bollard1.level`, { value: 55 }));
    await eventually(
      async () =>
        (await history(second, 'park.bollard1.level')).some(
          (s) => s.ts >= restartedAt && Math.abs(Number(s.value) - 55) <= 2,
        ) || undefined,
      20_000,
      'park samples recorded after the restart',
    );
    second.signal('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);
});

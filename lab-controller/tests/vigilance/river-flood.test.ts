/**
 * Flood vigilance through the wire: the river gauge simulator (SDI-12 on a pty, simulated time
 * 1800× faster) under rain, the controller polling it, vigilance levels as a computed point and as
 * alarms on the bus, GET /api/alarms and GET /api/points.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScaledClock } from '@phare/hardware/simulators/index.ts';
import type { AlarmsView, PointSnapshot } from '../../src/api/wire.ts';
import type { AlarmEvent } from '../../src/bus/events.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { dataOf, eventually, getJson, removeDir, startTestController, tempDir } from '../support/harness.ts';

const SITE = `schema: phare/site@1
id: river-test
name: { fr: Rivière, en: River }
plan:
  width: 100
  height: 100
  anchor: { lat: 45.75, lon: 4.83, bearing: 0 }
devices:
  - id: river
    name: { fr: Limnimètre, en: River gauge }
    profile: campbell/cs451
    endpoint: sdi12:///tmp/phare-test/ttyRiver?address=0
    position: { x: 50, y: 50 }
    workstreams: [water]
    simulator: { control: 1 }
    pollIntervalMs: 300
vigilance:
  - point: river.level
    thresholds: { yellow: 0.8, orange: 1.3, red: 1.8 }
    hysteresis: 0.1
`;

let dir: string;
let sims: RunningSimulators;
let controller: Controller;
const alarms: AlarmEvent[] = [];

beforeAll(async () => {
  dir = tempDir('phare-flood-');
  writeFileSync(join(dir, 'site.yaml'), SITE);
  // One real second is half an hour of rain on the catchment (time constant 3 h: ~6 s).
  sims = await startSimulators(loadSiteOrThrow(join(dir, 'site.yaml')), {
    ephemeralPorts: true,
    clock: createScaledClock({ speed: 1800 }),
  });
  controller = await startTestController(sims, dir);
  controller.bus.on('alarm', (alarm) => alarms.push(alarm), 'test');
});

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  removeDir(dir);
});

async function rain(mmPerHour: number): Promise<void> {
  const url = sims.endpoints.find((e) => e.device === 'river')!.controlUrl!;
  const res = await fetch(`${url}/rain`, { method: 'POST', body: JSON.stringify({ mmPerHour }) });
  expect(res.status).toBe(200);
}

const levels = (): unknown[] => alarms.map((a) => a.detail?.['level']);

describe('flood vigilance on the river gauge', () => {
  it('walks the river through yellow, orange and red under rain, and back to green, once each', async () => {
    const vigilance = async () =>
      dataOf(await getJson<PointSnapshot>(`${controller.url}/api/points/river.vigilance`));
    await eventually(async () => ((await vigilance()).state.quality === 'good' ? true : undefined));
    expect((await vigilance()).state.value).toBe(0);
    expect((await vigilance()).meta).toMatchObject({ type: 'integer', writable: false, computed: true });
    expect((await vigilance()).meta.states?.map((s) => s.key)).toEqual(['green', 'yellow', 'orange', 'red']);

    await rain(20);
    await eventually(() => (levels().includes('red') ? true : undefined), 40_000, 'red vigilance');
    expect((await vigilance()).state.value).toBe(3);
    await rain(0);
    await eventually(() => (levels().includes('green') ? true : undefined), 60_000, 'back to green');

    expect(levels()).toEqual(['yellow', 'orange', 'red', 'orange', 'yellow', 'green']);
    expect(alarms.map((a) => [a.severity, a.active])).toEqual([
      ['info', true],
      ['warning', true],
      ['critical', true],
      ['warning', true],
      ['info', true],
      ['info', false],
    ]);
    expect(alarms.every((a) => a.key === 'vigilance:river.level' && a.point === 'river.vigilance')).toBe(
      true,
    );
    expect(alarms[2]?.label?.fr).toMatch(/^Vigilance crue rouge : river\.level = [\d.]+ m \(seuil 1\.8 m\)$/);

    const view = dataOf(await getJson<AlarmsView>(`${controller.url}/api/alarms`));
    expect(view.active).toEqual([]);
    expect(view.recent.map((r) => [r.detail?.['level'], r.active])).toEqual([
      ['green', false],
      ['yellow', true],
      ['orange', true],
      ['red', true],
      ['orange', true],
      ['yellow', true],
    ]);
    expect((await vigilance()).state).toMatchObject({ value: 0, quality: 'good' });
  }, 120_000);
});

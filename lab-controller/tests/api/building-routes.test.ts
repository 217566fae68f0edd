/**
 * GET /api/building/comparison against the real stack: the OPC-UA building simulator on an
 * ephemeral port, the controller reading it, the weather set through the simulator's control API.
 * The figures are checked against the simulator's own physics run to steady state, not against
 * numbers written here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBuildingSimulator,
  type BuildingSimulator,
} from '@phare/hardware/simulators/building-opcua/index.ts';
import { BuildingModel } from '@phare/hardware/simulators/building-opcua/thermal-model.ts';
import { SCHOOL_ZONES } from '@phare/hardware/simulators/building-opcua/zones.ts';
import type { BuildingComparisonView, PointSnapshot } from '../../src/api/wire.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { dataOf, eventually, getJson, removeDir, startTestController, tempDir } from '../support/harness.ts';

const zoneYaml = (n: number, x: number): string => `        - id: zone${n}
          name: { fr: Zone ${n}, en: Zone ${n} }
          polygon: [[${x}, 10], [${x + 10}, 10], [${x + 10}, 20], [${x}, 20]]
          points: { temperature: zone${n}.temperature, setpoint: zone${n}.setpoint, occupancy: zone${n}.occupancy }
`;

const siteYaml = (opcuaEndpoint: string): string => `schema: phare/site@1
id: building-comparison-test
name: { fr: École, en: School }
plan:
  width: 100
  height: 100
  anchor: { lat: 45.75, lon: 4.83, bearing: 0 }
devices:
  - id: school
    name: { fr: Automate de l'école, en: School controller }
    profile: phare/building-sim-opcua
    endpoint: ${opcuaEndpoint}
    position: { x: 10, y: 10 }
    workstreams: [building]
    opcua: { trust: demo }
    building:
      zones:
${[1, 2, 3, 4, 5].map((n) => zoneYaml(n, n * 12)).join('')}`;

let dir: string;
let building: BuildingSimulator;
let sims: RunningSimulators;
let controller: Controller;

beforeAll(async () => {
  dir = tempDir('phare-building-routes-');
  building = await startBuildingSimulator({ port: 0, pkiDir: join(dir, 'pki'), controlPort: 0 });
  writeFileSync(join(dir, 'site.yaml'), siteYaml(building.endpointUrl));
  sims = await startSimulators(loadSiteOrThrow(join(dir, 'site.yaml')), { ephemeralPorts: true });
  controller = await startTestController(sims, dir);
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  await building?.stop();
  removeDir(dir);
});

async function setWeather(outdoorC: number): Promise<void> {
  const res = await fetch(`${building.controlUrl}/weather`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outdoorC, solarWm2: 0 }),
  });
  expect(res.status).toBe(200);
}

/** Waits until the controller has seen `outdoorC`, then asks for the comparison. */
async function comparisonAt(outdoorC: number): Promise<BuildingComparisonView> {
  await setWeather(outdoorC);
  await eventually(
    async () => {
      const p = dataOf(
        await getJson<PointSnapshot>(`${controller.url}/api/points/school.outdoor-temperature`),
      );
      return p.state.quality === 'good' && p.state.value === outdoorC ? p : undefined;
    },
    30_000,
    `outdoor temperature ${outdoorC} °C through OPC-UA`,
  );
  return eventually(async () => {
    const answer = await getJson<BuildingComparisonView>(`${controller.url}/api/building/comparison`);
    return answer.body.ok ? answer.body.data : undefined;
  }, 30_000);
}

/** The simulator's own physics, left to settle for two simulated days: heat and electricity. */
function steadyState(renovated: boolean, outdoorC: number): { heatKw: number; electricKw: number } {
  const model = new BuildingModel(SCHOOL_ZONES, { renovated, startMs: 0 });
  model.weather = { outdoorC, solarWm2: 0 };
  model.advanceTo(48 * 3_600_000);
  const base = 2; // PHYSICS.baseLoadW on the same meter, kW; the route leaves it out.
  return { heatKw: model.heatOutputW / 1000, electricKw: model.activePowerW / 1000 - base };
}

describe('GET /api/building/comparison', () => {
  it('gives the heating the simulator itself settles at, before and after renovation, on the same weather', async () => {
    const view = await comparisonAt(0);
    expect(view).toMatchObject({ device: 'school', outdoorC: 0, mode: 'comfort', solarIncluded: false });
    expect(view.zones.map((z) => z.id)).toEqual(['zone1', 'zone2', 'zone3', 'zone4', 'zone5']);
    expect(view.zones.every((z) => z.occupied === false)).toBe(true);
    for (const [side, renovated] of [
      ['before', false],
      ['after', true],
    ] as const) {
      const settled = steadyState(renovated, 0);
      // Two days of PI control settle within a few per cent of the steady state.
      expect(view[side].heatKw).toBeGreaterThan(0);
      expect(Math.abs(view[side].heatKw - settled.heatKw) / settled.heatKw).toBeLessThan(0.03);
      expect(Math.abs(view[side].electricKw - settled.electricKw) / settled.electricKw).toBeLessThan(0.03);
      expect(view[side].electricKWhPerDay).toBeCloseTo(view[side].electricKw * 24, 1);
      expect(view[side].limited).toBe(false);
    }
    expect(view.after.lossWPerK).toBeLessThan(view.before.lossWPerK);
    expect(view.after.cop).toBeGreaterThan(view.before.cop);
    expect(view.savedFraction).toBeCloseTo(1 - view.after.electricKw / view.before.electricKw, 3);
  });

  it('follows the live weather: a mild day needs less, a warm one none at all', async () => {
    const cold = await comparisonAt(-5);
    const mild = await comparisonAt(10);
    expect(mild.before.heatKw).toBeLessThan(cold.before.heatKw);
    expect(mild.after.heatKw).toBeLessThan(cold.after.heatKw);
    const warm = await comparisonAt(30);
    expect(warm.before.heatKw).toBe(0);
    expect(warm.after.heatKw).toBe(0);
    expect(warm.savedFraction).toBeNull();
  });

  it('answers 404 for a device that is not a building of the site', async () => {
    const answer = await getJson<BuildingComparisonView>(
      `${controller.url}/api/building/comparison?device=nowhere`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.ok).toBe(false);
  });
});

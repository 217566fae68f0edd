/**
 * The impact API through the wire: the demo's simulators, the controller on an ephemeral port, and
 * the same numbers as the library. The measured energy of a lighting run is checked against the
 * DALI gateway simulator's own metered integral (GET /state, totals.energyWh).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerImpactRoutes } from '../../src/api/impact-routes.ts';
import type {
  ImpactFactors,
  ImpactKitView,
  MeasuredLabEnergy,
  PointSnapshot,
  ProjectionResult,
  RunImpactView,
} from '../../src/api/wire.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { projectTerritory } from '../../src/impact/project-territory.ts';
import { MemoryRunStore } from '../../src/storage/run-store.ts';
import {
  dataOf,
  eventually,
  getJson,
  postJson,
  removeDir,
  startDemoSimulators,
  startTestController,
  tempDir,
} from '../support/harness.ts';
import { shippedFactors } from './factors-fixture.ts';

let sims: RunningSimulators;
let controller: Controller;
let dataDir: string;
let api: string;

beforeAll(async () => {
  dataDir = tempDir('phare-impact-api-');
  sims = await startDemoSimulators();
  controller = await startTestController(sims, dataDir);
  api = `${controller.url}/api`;
}, 90_000);

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  removeDir(dataDir);
});

/** README §3 worked example: 1 200 luminaires × 100 W × 4 100 h at 60 % on average. */
const HAND_COMPUTED = {
  lighting: {
    luminaireCount: 1200,
    luminaireWattageW: 100,
    latitudeDeg: 45.76,
    dimming: { average: 0.6 },
    operatingHours: { fixedHoursPerYear: 4100 },
  },
  prices: { electricityEurPerKWh: 0.2 },
  emissionFactors: { electricityKgPerKWh: 0.052 },
};

describe('POST /api/impact/projection', () => {
  it('gives for 1 200 luminaires of 100 W the numbers of projectTerritory and of the README by hand', async () => {
    const answer = await postJson<ProjectionResult>(`${api}/impact/projection`, HAND_COMPUTED);
    expect(answer.status).toBe(200);
    const projection = dataOf(answer);
    // Same model, same factors file: the API adds nothing and loses nothing (JSON round trip).
    expect(projection).toEqual(JSON.parse(JSON.stringify(projectTerritory(HAND_COMPUTED, shippedFactors()))));
    // By hand: baseline 1 200 × 100 W × 4 100 h = 492 000 kWh; at 60 %, 295 200 kWh; saved 196 800
    // kWh × 0,20 €/kWh = 39 360 €; × 0,052 kgCO2e/kWh = 10 233,6 kgCO2e.
    expect(projection.annual.kWh.central).toBeCloseTo(196_800, 6);
    expect(projection.annual.eur.central).toBeCloseTo(39_360, 6);
    expect(projection.annual.kgCO2e.central).toBeCloseTo(10_233.6, 6);
    expect(projection.assumptions.find((a) => a.key === 'input.lighting.luminaireCount')?.value).toBe(1200);
  });

  it('refuses zero luminaires with 400 and names the field in French and English', async () => {
    const body = { ...HAND_COMPUTED, lighting: { ...HAND_COMPUTED.lighting, luminaireCount: 0 } };
    const answer = await postJson<never>(`${api}/impact/projection`, body);
    expect(answer.status).toBe(400);
    if (answer.body.ok) throw new Error('expected a refusal');
    expect(answer.body.error.code).toBe('OUT_OF_RANGE');
    expect(answer.body.error.issues).toEqual([
      expect.objectContaining({
        field: 'lighting.luminaireCount',
        fr: expect.stringContaining('Nombre de luminaires'),
        en: expect.stringContaining('Number of luminaires'),
      }),
    ]);
  });

  it('lists every bad field at once: a negative wattage and a price of 22 €/kWh', async () => {
    const body = {
      ...HAND_COMPUTED,
      lighting: { ...HAND_COMPUTED.lighting, luminaireWattageW: -100 },
      prices: { electricityEurPerKWh: 22 },
    };
    const answer = await postJson<never>(`${api}/impact/projection`, body);
    expect(answer.status).toBe(400);
    if (answer.body.ok) throw new Error('expected a refusal');
    const issues = answer.body.error.issues ?? [];
    expect(issues.map((i) => i.field).sort()).toEqual([
      'lighting.luminaireWattageW',
      'prices.electricityEurPerKWh',
    ]);
    expect(issues.find((i) => i.field === 'prices.electricityEurPerKWh')?.fr).toMatch(/0,22 et non 22/);
  });

  it('refuses a body that is not a projection, naming what is missing', async () => {
    const answer = await postJson<never>(`${api}/impact/projection`, { luminaires: 1200 });
    expect(answer.status).toBe(400);
    if (answer.body.ok) throw new Error('expected a refusal');
    expect(answer.body.error.issues?.map((i) => i.field)).toContain('luminaires');
  });
});

describe('GET /api/impact/factors and /api/impact/kit', () => {
  it('serves every factor with its source and year', async () => {
    const factors = dataOf(await getJson<ImpactFactors>(`${api}/impact/factors`));
    expect(factors.factors.electricityPrice).toMatchObject({ unit: 'EUR/kWh', year: expect.any(Number) });
    for (const f of Object.values(factors.factors)) expect(f.source.length).toBeGreaterThan(10);
  });

  it("counts the demonstrator's kit from the site, with the gateway profiles' own footprints", async () => {
    const kit = dataOf(await getJson<ImpactKitView>(`${api}/impact/kit`));
    const gateways = kit.demonstrator.lines.filter((l) => l.item.kind === 'gateway');
    expect(gateways.flatMap((l) => l.devices).sort()).toEqual(['park', 'street']);
    expect(gateways.every((l) => l.profile !== null && l.item.powerW !== undefined)).toBe(true);
    expect(kit.demonstrator.footprint.kgCO2e.central).toBeGreaterThan(0);
    expect(kit.territory.lines.map((l) => l.item.kind)).toEqual(['luminaireNode', 'gateway', 'controller']);
  });
});

interface SimState {
  atMs: number;
  totals: { powerW: number; energyWh: number };
  gear: { levelPercent: number; fading: boolean }[];
}

describe("the lab's measured energy", () => {
  const control = () => sims.endpoints.find((e) => e.device === 'street')!.controlUrl!;
  const simState = async (): Promise<SimState> =>
    (await (await fetch(`${control()}/state`)).json()) as SimState;
  const groups = ['street.group1.level', 'street.group2.level', 'street.group3.level'];

  async function setStreet(level: number): Promise<void> {
    dataOf(
      await postJson(
        `${api}/writes`,
        groups.map((point) => ({ point, value: level })),
      ),
    );
    // Settled when the simulator has finished fading and the controller reads the level back.
    await eventually(
      async () => {
        const sim = await simState();
        if (sim.gear.some((g) => g.fading || Math.abs(g.levelPercent - level) > 1)) return undefined;
        const lamp = dataOf(await getJson<PointSnapshot>(`${api}/points/street.lamp12.level`));
        return typeof lamp.state.value === 'number' && Math.abs(lamp.state.value - level) <= 1
          ? true
          : undefined;
      },
      30_000,
      `street settled at ${level} %`,
    );
  }

  let window: { from: number; to: number };
  let simulatorKWh: number;

  beforeAll(async () => {
    await setStreet(100);
    const start = await simState();
    await new Promise((r) => setTimeout(r, 8000));
    await setStreet(30);
    await new Promise((r) => setTimeout(r, 8000));
    const end = await simState();
    window = { from: start.atMs, to: end.atMs };
    simulatorKWh = (end.totals.energyWh - start.totals.energyWh) / 1000;
  }, 120_000);

  it("matches the DALI simulator's metered power integral over the same window, within 8 %", async () => {
    const measured = dataOf(
      await getJson<MeasuredLabEnergy>(
        `${api}/impact/measured?from=${window.from}&to=${window.to}&devices=street`,
      ),
    );
    // Differences: the controller sees a level up to one poll (500 ms) late at the change, and the
    // simulator also counts each gear's 0,3 W standby (power.ts), which the level does not show.
    expect(measured.lighting.luminaires).toHaveLength(12);
    expect(measured.lighting.ratedPowerW).toBe(10 * 60 + 2 * 90);
    expect(Math.abs(measured.lighting.kWh - simulatorKWh) / simulatorKWh).toBeLessThan(0.08);
    // Against all 12 luminaires at 100 % for the whole window (780 W), the 30 % half saved energy.
    const comparison = measured.lighting.comparison!;
    expect(comparison.baselineKWh).toBeCloseTo((780 * (window.to - window.from)) / 3.6e9, 4);
    expect(comparison.savedFraction).toBeGreaterThan(0.2);
    expect(comparison.savedFraction).toBeLessThan(0.5);
  });

  it('gives a scenario run the energy of the devices its scenario requires, over the run', async () => {
    const runs = new MemoryRunStore();
    runs.begin({
      id: 'run-impact-1',
      scenarioId: 'night-dimming',
      site: 'demo',
      who: 'test',
      startedAt: window.from,
      endedAt: window.to,
      outcome: 'passed',
      reason: null,
      verdicts: [],
      timeline: [],
    });
    // The run routes of the controller are another module's; the impact routes take any run store.
    const app: FastifyInstance = Fastify();
    registerImpactRoutes(app, { registry: controller.registry, history: controller.recorder!, runs });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const view = dataOf(await getJson<RunImpactView>(`${url}/api/runs/run-impact-1/impact`));
      expect(view.devices).toEqual(['street']);
      expect(view.measured.window).toEqual(window);
      expect(Math.abs(view.measured.lighting.kWh - simulatorKWh) / simulatorKWh).toBeLessThan(0.08);
      expect((await getJson(`${url}/api/runs/nope/impact`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('refuses a window that ends before it starts', async () => {
    expect((await getJson(`${api}/impact/measured?from=2000&to=1000`)).status).toBe(400);
  });
});

/**
 * Scenario engine timing on the demo site's simulators (ephemeral ports, every device polled):
 * - step start jitter at speed 1: how late each step of a 120-step scenario started against its
 *   schedule (the engine's own timeline, scenario/timeline.ts), p99; target < 10 ms. Measured with
 *   the street's simulator alone in the process (the engine's own timing), and again with the whole
 *   demo's simulators in the same process, as `npm start` runs them: there the OPC-UA server's
 *   encryption and the serial simulators share the event loop, which the second figure shows;
 * - abort to safe state: from `abort()` to the run's `finally` steps done (the street back at its
 *   night level through the write path), over several aborts of night-dimming mid-run; the time
 *   until the simulated lamps have finished fading there is printed beside it.
 */
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { EventBus } from '@phare/lab-controller/bus/event-bus.ts';
import { valueOrThrow } from '@phare/lab-controller/config/problem.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { Registry } from '@phare/lab-controller/registry/registry.ts';
import { WritePath } from '@phare/lab-controller/registry/write-path.ts';
import { ScenarioEngine } from '@phare/lab-controller/scenario/engine.ts';
import { listLibrary } from '@phare/lab-controller/scenario/library.ts';
import { loadScenario } from '@phare/lab-controller/scenario/load-scenario.ts';
import { SimulationClock } from '@phare/lab-controller/scenario/simulation-clock.ts';
import { jitterStats } from '@phare/lab-controller/scenario/timeline.ts';
import { MemoryAuditStore } from '@phare/lab-controller/storage/audit-store.ts';
import type { Benchmark, BenchResult } from './harness.ts';
import { percentile } from './harness.ts';
import { sleep } from './fixtures.ts';

const TIMING_SCENARIO = fileURLToPath(new URL('scenarios/step-timing.yaml', import.meta.url));
const ABORTS = 5;
const JITTER_TARGET_MS = 10;
const SAFE_TARGET_MS = 1000;

export const scenarioTiming: Benchmark = {
  name: 'scenario-timing',
  async run(): Promise<BenchResult[]> {
    const streetOnly = await measure(['street']);
    const whole = await measure(undefined);
    const jitter = streetOnly.jitter;
    return [
      {
        name: 'scenario-step-jitter',
        description: `Step start lateness against the schedule at speed 1, ${jitter.count} steps, street simulator in process`,
        value: jitter.p99,
        unit: 'ms (p99)',
        target: `p99 < ${JITTER_TARGET_MS} ms`,
        met: jitter.p99 < JITTER_TARGET_MS,
        details: {
          p50: jitter.p50,
          max: jitter.max,
          'p99 with the whole demo in process': whole.jitter.p99,
          'max with the whole demo in process': whole.jitter.max,
        },
      },
      {
        name: 'scenario-abort-to-safe',
        description: `abort() to finally done (street back at 30 % through the write path), ${ABORTS} aborts of night-dimming, whole demo`,
        value: percentile(whole.toFinally, 50),
        unit: 'ms (median)',
        target: `median < ${SAFE_TARGET_MS} ms`,
        met: percentile(whole.toFinally, 50) < SAFE_TARGET_MS,
        details: {
          max: whole.toFinally.at(-1)!,
          'until the lamps finished fading (median)': percentile(whole.toSettled, 50),
        },
      },
    ];
  },
};

interface Measured {
  jitter: ReturnType<typeof jitterStats>;
  toFinally: number[];
  toSettled: number[];
}

async function measure(devices: string[] | undefined): Promise<Measured> {
  const clock = new SimulationClock();
  const demo = loadSiteOrThrow(DEMO_SITE);
  const site = devices
    ? { ...demo, site: { ...demo.site, devices: demo.site.devices.filter((d) => devices.includes(d.id)) } }
    : demo;
  const sims = await startSimulators(site, { ephemeralPorts: true, clock });
  const bus = new EventBus();
  const registry = new Registry(sims.site, { bus, logger: silentLogger });
  const writePath = new WritePath(registry, new MemoryAuditStore(), bus);
  const streetControl = sims.endpoints.find((e) => e.device === 'street')!.controlUrl!;
  const engine = new ScenarioEngine({
    registry,
    writePath,
    bus,
    clock,
    simulatorControl: Object.fromEntries(
      sims.endpoints.flatMap((e) => (e.controlUrl ? [[e.device, e.controlUrl]] : [])),
    ),
  });
  registry.start();
  try {
    const timing = engine.prepare(valueOrThrow(loadScenario(TIMING_SCENARIO)));
    await engine.whenReady(timing, 30_000);
    const run = await engine.start(timing, { startedBy: 'bench', speed: 1 }).done;
    if (run.outcome !== 'passed') throw new Error(`timing scenario ${run.outcome}: ${run.reason}`);
    const jitter = jitterStats(run.timeline.filter((e) => !e.inFinally));

    const night = engine.prepare(
      valueOrThrow(loadScenario(listLibrary().find((e) => e.id === 'night-dimming')!.file)),
    );
    await engine.whenReady(night, 30_000);
    const toFinally: number[] = [];
    const toSettled: number[] = [];
    for (let trial = 0; trial < ABORTS; trial++) {
      const handle = engine.start(night, { startedBy: 'bench' });
      // Abort mid-show: after the north side went to 100 %.
      await new Promise<void>((resolve) => {
        const owner = Symbol('bench');
        bus.on(
          'scenario',
          (e) => {
            if (
              e.run === handle.id &&
              e.kind === 'step-started' &&
              e.detail?.['step'] === 'south-side-still-night'
            ) {
              bus.removeAllOf(owner);
              resolve();
            }
          },
          owner,
        );
      });
      const started = performance.now();
      const result = await engine.abort(handle.id, 'benchmark abort');
      toFinally.push(performance.now() - started);
      if (result?.outcome !== 'aborted') throw new Error(`abort gave ${result?.outcome}`);
      toSettled.push((await settledAfter(streetControl, started)) - started);
      await sleep(200);
    }
    toFinally.sort((a, b) => a - b);
    toSettled.sort((a, b) => a - b);
    return { jitter, toFinally, toSettled };
  } finally {
    await engine.stop();
    await registry.stop();
    await sims.stop();
  }
}

/** When the simulated gateway reports no gear fading and the street at 30 % (GET /state). */
async function settledAfter(controlUrl: string, since: number): Promise<number> {
  for (;;) {
    const state = (await (await fetch(new URL('/state', controlUrl))).json()) as {
      gear: { fading: boolean; levelPercent: number }[];
    };
    if (state.gear.every((g) => !g.fading && Math.abs(g.levelPercent - 30) <= 3)) return performance.now();
    if (performance.now() - since > 15_000) throw new Error('the street did not settle at 30 % within 15 s');
    await sleep(20);
  }
}

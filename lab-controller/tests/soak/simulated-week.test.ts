/**
 * Soak (issue 9 §4): a simulated week of the chaos site at high simulated speed, in well under a
 * minute of wall time. The simulators and the controller share one SimulationClock, as in
 * `phare demo`, run at a week per SOAK_WALL_MS; meanwhile the devices are polled and pushed, the
 * recorder writes, a kiosk is connected over socket.io, a scenario runs back to back (an evening
 * each, four simulated hours) and staff writes a level every second.
 *
 * Every SAMPLE_EVERY_MS the test forces a garbage collection and takes the heap in use and the
 * number of active handles (process.getActiveResourcesInfo). Leaks show as growth from the start of
 * the soak (after a warm-up) to its end: both must stay within the stated bounds.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { valueOrThrow } from '../../src/config/problem.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { removeDir, tempDir } from '../support/harness.ts';
import {
  startChaosController,
  startChaosSimulators,
  type ChaosSimulators,
} from '../chaos/support/chaos-rig.ts';
import { ALL_CHAOS_DEVICES } from '../chaos/support/chaos-site.ts';
import { PkiCache } from '../chaos/support/pki-cache.ts';
import { capturingLogger, ControllerWatch } from '../chaos/support/watch.ts';

const WEEK_MS = 7 * 24 * 3600_000;
const SOAK_WALL_MS = 36_000;
const SPEED = Math.ceil(WEEK_MS / SOAK_WALL_MS);
const WARM_UP_MS = 4_000;
const SAMPLE_EVERY_MS = 2_000;
/** Growth allowed from the first quarter of the soak to the last (medians): a leak grows past it. */
const HEAP_GROWTH_BOUND_MB = 16;
const HANDLE_GROWTH_BOUND = 12;

/** A gc the test may call: the flag can be set at run time, and a fresh context then sees `gc`. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Sample {
  wallS: number;
  simulatedDays: number;
  heapMb: number;
  handles: number;
  byType: Record<string, number>;
}

let dir: string;
let bench: ChaosSimulators;
let controller: Controller;
const log = capturingLogger();
const pki = new PkiCache('soak');

beforeAll(async () => {
  dir = tempDir('phare-soak-');
  pki.restore('simulators', join(dir, 'simulators', 'pki'));
  pki.restore('client', join(dir, 'data', 'pki', 'opcua'));
  bench = await startChaosSimulators(dir, ALL_CHAOS_DEVICES, { simulatorDataDir: join(dir, 'simulators') });
  controller = await startChaosController(bench, join(dir, 'data'), { logger: log });
  const watch = new ControllerWatch(controller);
  await watch.waitAllOnline(ALL_CHAOS_DEVICES, 90_000);
  watch.close();
}, 150_000);

afterAll(async () => {
  bench?.clock.setSpeed(1);
  await controller?.stop();
  await bench?.stop();
  pki.save('simulators', join(dir, 'simulators', 'pki'));
  pki.save('client', join(dir, 'data', 'pki', 'opcua'));
  removeDir(dir);
});

function measure(startedAt: number, simStart: number): Sample {
  gc();
  const byType: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) byType[type] = (byType[type] ?? 0) + 1;
  return {
    wallS: Math.round((Date.now() - startedAt) / 100) / 10,
    simulatedDays: Math.round(((bench.clock.now() - simStart) / 86_400_000) * 100) / 100,
    heapMb: Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10,
    handles: Object.values(byType).reduce((a, b) => a + b, 0),
    byType,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

describe('a simulated week', () => {
  it('keeps memory and open handles flat', async () => {
    const kiosk = connect(controller.url, { transports: ['websocket'], reconnection: false });
    let deltas = 0;
    kiosk.on('points', () => deltas++);
    let samplesRecorded = 0;
    controller.bus.on('points', (changes) => (samplesRecorded += changes.length), 'soak');

    const plan = controller.scenarios.prepare(
      valueOrThrow(loadScenario(join(import.meta.dirname, 'fixtures', 'soak-cycle.yaml'))),
    );
    let running = true;
    let runs = 0;
    const outcomes: Record<string, number> = {};
    const shows = (async () => {
      while (running) {
        await controller.scenarios.whenReady(plan, 30_000);
        if (!running) break;
        const result = await controller.scenarios.start(plan, { startedBy: 'test:soak' }).done;
        runs++;
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      }
    })();
    let writes = 0;
    let refused = 0;
    const staff = setInterval(() => {
      controller.writePath
        .write('street.group1.level', writes % 2 === 0 ? 25 : 75, 'test:soak-staff')
        .then(() => writes++)
        .catch(() => refused++);
    }, 1000);

    const startedAt = Date.now();
    const simStart = bench.clock.now();
    bench.clock.setSpeed(SPEED);
    const samples: Sample[] = [];
    try {
      await new Promise((r) => setTimeout(r, WARM_UP_MS));
      while (Date.now() - startedAt < SOAK_WALL_MS + WARM_UP_MS) {
        samples.push(measure(startedAt, simStart));
        await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
      }
      samples.push(measure(startedAt, simStart));
    } finally {
      bench.clock.setSpeed(1);
      running = false;
      clearInterval(staff);
      for (const run of controller.scenarios.active()) await controller.scenarios.abort(run.id, 'soak over');
      await shows;
      kiosk.disconnect();
      controller.bus.removeAllOf('soak');
    }

    console.log(
      `soak at ×${SPEED}: ${samples.at(-1)!.simulatedDays} simulated days in ${samples.at(-1)!.wallS} s`,
    );
    console.log(
      `  ${runs} scenario runs ${JSON.stringify(outcomes)}, ${writes} staff writes (${refused} refused), ` +
        `${samplesRecorded} samples recorded, ${deltas} socket.io deltas, recorder ${JSON.stringify(controller.recorder?.stats())}`,
    );
    for (const s of samples)
      console.log(
        `  t=${s.wallS}s sim=${s.simulatedDays}d heap=${s.heapMb}MB handles=${s.handles} ${JSON.stringify(s.byType)}`,
      );

    expect(samples.at(-1)!.simulatedDays).toBeGreaterThanOrEqual(7);
    expect(runs).toBeGreaterThan(5);
    expect(writes).toBeGreaterThan(10);
    expect(controller.recorder?.stats()).toMatchObject({ dropped: 0, failing: false });

    const quarter = Math.max(2, Math.floor(samples.length / 4));
    const first = samples.slice(0, quarter);
    const last = samples.slice(-quarter);
    const heapGrowth = median(last.map((s) => s.heapMb)) - median(first.map((s) => s.heapMb));
    const handleGrowth = median(last.map((s) => s.handles)) - median(first.map((s) => s.handles));
    console.log(
      `  heap growth ${heapGrowth.toFixed(1)} MB (bound ${HEAP_GROWTH_BOUND_MB}), handle growth ${handleGrowth} (bound ${HANDLE_GROWTH_BOUND})`,
    );
    expect(heapGrowth).toBeLessThanOrEqual(HEAP_GROWTH_BOUND_MB);
    expect(handleGrowth).toBeLessThanOrEqual(HANDLE_GROWTH_BOUND);
  }, 120_000);
});

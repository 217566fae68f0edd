/**
 * Scenario test rig: the demo site's simulators on ephemeral ports, a registry polling them, flood
 * vigilance, the write path and a scenario engine, all through real sockets (no controller HTTP
 * server needed). Simulators and engine share a SimulationClock, as in the demo: a run's speed and
 * start time steer the simulators' physics.
 */
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { valueOrThrow } from '../../src/config/problem.ts';
import { EventBus } from '../../src/bus/event-bus.ts';
import type { ScenarioEvent } from '../../src/bus/events.ts';
import { Registry } from '../../src/registry/registry.ts';
import { WritePath } from '../../src/registry/write-path.ts';
import { MemoryAuditStore } from '../../src/storage/audit-store.ts';
import { MemoryRunStore } from '../../src/storage/run-store.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
import { ScenarioEngine, type StartRunOptions } from '../../src/scenario/engine.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import type { RunResult } from '../../src/scenario/timeline.ts';
import type { ScenarioPlan } from '../../src/scenario/validate-scenario.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators } from '../../src/controller/simulators.ts';
import { SimulationClock } from '../../src/scenario/simulation-clock.ts';
import { FloodVigilance } from '../../src/vigilance/flood-vigilance.ts';

export interface ScenarioRig {
  sims: RunningSimulators;
  clock: SimulationClock;
  bus: EventBus;
  registry: Registry;
  writePath: WritePath;
  audit: MemoryAuditStore;
  runs: MemoryRunStore;
  engine: ScenarioEngine;
  events: ScenarioEvent[];
  controlUrl(device: string): string;
  plan(file: string): ScenarioPlan;
  close(): Promise<void>;
}

export async function startScenarioRig(): Promise<ScenarioRig> {
  const clock = new SimulationClock();
  const sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true, clock });
  const bus = new EventBus();
  const registry = new Registry(sims.site, { bus, logger: silentLogger });
  const audit = new MemoryAuditStore();
  const writePath = new WritePath(registry, audit, bus);
  const vigilance = new FloodVigilance(sims.site.site.vigilance, registry, bus, silentLogger);
  registry.addComputedPoints(vigilance.metas());
  vigilance.start();
  const runs = new MemoryRunStore();
  const controlUrls = Object.fromEntries(
    sims.endpoints.flatMap((e) => (e.controlUrl ? [[e.device, e.controlUrl]] : [])),
  );
  const engine = new ScenarioEngine({
    registry,
    writePath,
    bus,
    runs,
    clock,
    simulatorControl: controlUrls,
  });
  const events: ScenarioEvent[] = [];
  bus.on('scenario', (e) => events.push(e), 'test');
  registry.start();
  return {
    sims,
    bus,
    registry,
    writePath,
    audit,
    runs,
    engine,
    events,
    controlUrl: (device) => {
      const url = controlUrls[device];
      if (!url) throw new Error(`no simulator control URL for ${device}`);
      return url;
    },
    plan: (file) => engine.prepare(valueOrThrow(loadScenario(file))),
    clock,
    close: async () => {
      await engine.stop();
      vigilance.stop();
      await registry.stop();
      await sims.stop();
    },
  };
}

/** Waits for the required points, starts the run and waits for its end (finally included). */
export async function runToEnd(
  rig: ScenarioRig,
  file: string,
  options: Partial<StartRunOptions> = {},
): Promise<RunResult> {
  const plan = rig.plan(file);
  await rig.engine.whenReady(plan, 15_000);
  return rig.engine.start(plan, { startedBy: 'test', ...options }).done;
}

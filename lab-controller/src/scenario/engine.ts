/**
 * The scenario engine: starts runs of prepared scenarios against the controller's registry and
 * write path, keeps them apart, and records them (ARCHITECTURE.md §2 "Scenario", §3 data flow).
 *
 * Before a run starts (each refusal is a PhareError with a message naming the cause):
 * - the scenario is checked against this site (validate-scenario.ts) → ConfigInvalid listing problems;
 * - `speed` ≠ 1 only when every device the run uses is simulated (site `simulator:`) → NotSupported;
 * - no device it uses is held by another running scenario → Forbidden naming that run. Manual
 *   writes (staff, CLI) are not locked out: they go through the write path, whose audit shows them;
 * - every required point is online → Disconnected naming the offline points.
 *
 * `abort(runId)` stops the current steps at once (every await rejects with Canceled) and the run's
 * `finally` steps restore the safe state; `stop()` does that for every run (controller stop).
 */
import { randomBytes } from 'node:crypto';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { ConfigInvalid, Disconnected, Forbidden, NotSupported } from '@phare/device-drivers/errors.ts';
import { createScaledClock, systemClock, type Clock } from '@phare/hardware/simulators/clock.ts';
import type { EventBus } from '../bus/event-bus.ts';
import { formatProblem } from '../config/problem.ts';
import type { Registry } from '../registry/registry.ts';
import type { WritePath } from '../registry/write-path.ts';
import { MemoryRunStore, type RunRecord, type RunStore } from '../storage/run-store.ts';
import type { LoadedScenario } from './load-scenario.ts';
import { RunClock } from './run-clock.ts';
import { ScenarioRun } from './run.ts';
import type { ScenarioValue } from './schema.ts';
import type { RunResult } from './timeline.ts';
import { prepareScenario, type ScenarioPlan } from './validate-scenario.ts';

export interface ScenarioEngineOptions {
  registry: Registry;
  writePath: WritePath;
  bus: EventBus;
  /** Default: in memory (the controller passes its SQLite store). */
  runs?: RunStore;
  logger?: Logger;
  /** The clock shared with the simulators; default real time. */
  clock?: Clock;
  /**
   * Control API URL of each simulated device. Default: http://127.0.0.1:<simulator.control> of
   * the site's devices; simulators started on ephemeral ports give their own URLs.
   */
  simulatorControl?: Record<string, string>;
}

export interface StartRunOptions {
  /** Who started it (`staff:alice`, `cli:bob`): recorded with the run. */
  startedBy: string;
  /** Faster than real time, in simulation only. Default: the engine clock's speed. */
  speed?: number;
  /** Overrides of the scenario's variables. */
  variables?: Record<string, ScenarioValue>;
}

export interface RunHandle {
  id: string;
  scenarioId: string;
  /** Resolves when the run and its `finally` steps have ended; never rejects. */
  done: Promise<RunResult>;
}

export interface ActiveRun {
  id: string;
  scenarioId: string;
  startedBy: string;
  devices: string[];
  paused: boolean;
}

interface Running {
  run: ScenarioRun;
  startedBy: string;
  done: Promise<RunResult>;
}

export class ScenarioEngine {
  private readonly running = new Map<string, Running>();
  /** Device id → run id holding it. */
  private readonly locks = new Map<string, string>();
  private readonly runs: RunStore;
  private readonly logger: Logger;
  private readonly owner = Symbol('scenario-engine');
  private readonly controlUrls: Record<string, string>;

  constructor(private readonly options: ScenarioEngineOptions) {
    this.runs = options.runs ?? new MemoryRunStore();
    this.logger = options.logger ?? silentLogger;
    this.controlUrls = options.simulatorControl ?? defaultControlUrls(options.registry);
    options.bus.on(
      'deviceStatus',
      (health) => {
        for (const { run } of this.running.values()) run.onDeviceStatus(health.id, health.status);
      },
      this.owner,
    );
  }

  /** Checks a loaded scenario against this controller's site; ConfigInvalid lists every problem. */
  prepare(loaded: LoadedScenario): ScenarioPlan {
    const { registry } = this.options;
    const result = prepareScenario(loaded, {
      points: registry.allMeta(),
      deviceIds: registry.deviceIds(),
      profileOf: (id) => registry.profileOf(id),
    });
    if (result.ok) return result.value;
    const n = result.problems.length;
    throw new ConfigInvalid(
      `scenario ${loaded.scenario.id} does not fit site ${registry.loaded.site.id}: ${n} problem${n === 1 ? '' : 's'}\n` +
        result.problems.map(formatProblem).join('\n'),
      { detail: { problems: result.problems } },
    );
  }

  start(scenario: LoadedScenario | ScenarioPlan, options: StartRunOptions): RunHandle {
    const plan = 'expressions' in scenario ? scenario : this.prepare(scenario);
    const clock = this.clockFor(plan, options.speed);
    this.checkLocks(plan);
    this.checkRequiredOnline(plan);

    const id = `${plan.scenario.id}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const variables = { ...plan.scenario.variables, ...options.variables };
    const run = new ScenarioRun(id, plan, new RunClock(clock), variables, {
      registry: this.options.registry,
      writePath: this.options.writePath,
      bus: this.options.bus,
      logger: this.logger.child(`run:${id}`),
      simulatorControl: (deviceId) => this.controlUrls[deviceId],
    });
    for (const device of plan.devices) this.locks.set(device, id);
    const record: RunRecord = {
      id,
      scenarioId: plan.scenario.id,
      site: this.options.registry.loaded.site.id,
      who: options.startedBy,
      startedAt: run.startedAtWall,
      endedAt: null,
      outcome: 'running',
      reason: null,
      verdicts: [],
      timeline: [],
    };
    this.store(() => this.runs.begin(record));
    this.logger.info(`scenario ${plan.scenario.id} started as run ${id} by ${options.startedBy}`);

    const done = run
      .execute()
      .catch((error: unknown): RunResult => ({
        id,
        scenarioId: plan.scenario.id,
        outcome: 'error',
        reason: error instanceof Error ? error.message : String(error),
        startedAt: run.clock.now(),
        endedAt: run.clock.now(),
        verdicts: [...run.verdicts],
        timeline: [...run.timeline],
      }))
      .then((result) => {
        this.running.delete(id);
        for (const [device, holder] of this.locks) if (holder === id) this.locks.delete(device);
        this.store(() =>
          this.runs.finish({
            ...record,
            endedAt: Date.now(),
            outcome: result.outcome,
            reason: result.reason,
            verdicts: result.verdicts,
            timeline: result.timeline,
          }),
        );
        this.logger.info(`run ${id} ended: ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`);
        return result;
      });
    this.running.set(id, { run, startedBy: options.startedBy, done });
    return { id, scenarioId: plan.scenario.id, done };
  }

  /** Stops a run's steps promptly; its `finally` steps still run. Resolves with its result. */
  async abort(runId: string, reason = 'aborted by staff'): Promise<RunResult | undefined> {
    const entry = this.running.get(runId);
    if (!entry) return undefined;
    entry.run.abort(reason);
    return entry.done;
  }

  /** The operator did what a `stimulate` prompt asked (real kit). False if no such prompt waits. */
  confirmPrompt(runId: string, stepId: string): boolean {
    return this.running.get(runId)?.run.confirmPrompt(stepId) ?? false;
  }

  active(): ActiveRun[] {
    return [...this.running.values()].map(({ run, startedBy }) => ({
      id: run.id,
      scenarioId: run.scenarioId,
      startedBy,
      devices: run.plan.devices,
      paused: run.paused,
    }));
  }

  /** Resolves when every required point of the plan is online, or rejects with the offline ones. */
  async whenReady(plan: ScenarioPlan, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const offline = this.offlineRequired(plan);
      if (offline.length === 0) return;
      if (Date.now() >= deadline) this.checkRequiredOnline(plan);
      await new Promise<void>((resolve) => {
        const owner = Symbol('scenario-ready');
        const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
        function finish(): void {
          clearTimeout(timer);
          bus.removeAllOf(owner);
          resolve();
        }
        const bus = this.options.bus;
        bus.on('points', finish, owner);
        bus.on('deviceStatus', finish, owner);
      });
    }
  }

  /** Aborts every run ("controller stop") and waits for their `finally` steps. */
  async stop(reason = 'controller stopping'): Promise<void> {
    const all = [...this.running.values()];
    for (const { run } of all) run.abort(reason);
    await Promise.allSettled(all.map((r) => r.done));
    this.options.bus.removeAllOf(this.owner);
  }

  recent(limit: number, scenarioId?: string): RunRecord[] {
    return this.runs.recent(limit, scenarioId);
  }

  private clockFor(plan: ScenarioPlan, speed: number | undefined): Clock {
    const base = this.options.clock ?? systemClock;
    const wanted = speed ?? base.speed;
    if (!(wanted > 0) || !Number.isFinite(wanted))
      throw new ConfigInvalid(`speed must be > 0, got ${wanted}`);
    if (wanted !== 1) {
      const real = plan.devices.filter((d) => !this.isSimulated(d));
      if (real.length > 0)
        throw new NotSupported(
          `scenario ${plan.scenario.id}: speed ${wanted} is for simulation only, and ${real.join(', ')} ` +
            `${real.length === 1 ? 'is a real device' : 'are real devices'}; run it at speed 1`,
        );
    }
    return wanted === base.speed ? base : createScaledClock({ speed: wanted });
  }

  private isSimulated(deviceId: string): boolean {
    const device = this.options.registry.loaded.site.devices.find((d) => d.id === deviceId);
    return device?.simulator !== undefined;
  }

  private checkLocks(plan: ScenarioPlan): void {
    const clashes = plan.devices.flatMap((device) => {
      const holder = this.locks.get(device);
      return holder ? [{ device, holder }] : [];
    });
    if (clashes.length === 0) return;
    const holder = this.running.get(clashes[0]!.holder);
    throw new Forbidden(
      `scenario ${plan.scenario.id} cannot start: ${clashes.map((c) => c.device).join(', ')} ` +
        `${clashes.length === 1 ? 'is' : 'are'} in use by scenario ${holder?.run.scenarioId ?? '?'} ` +
        `(run ${clashes[0]!.holder}); wait for it to end or abort it`,
      { device: clashes[0]!.device, detail: { run: clashes[0]!.holder } },
    );
  }

  private offlineRequired(plan: ScenarioPlan): string[] {
    const { registry } = this.options;
    return plan.requiredPoints.filter((id) => {
      const meta = registry.meta(id);
      if (!meta) return true;
      if (!meta.readable) {
        // Write-only points (DALI group levels) are never read: their device must be reachable.
        const status = registry.healthOf(meta.device)?.status;
        return status !== 'online' && status !== 'degraded';
      }
      const quality = registry.store.get(id)?.quality;
      return quality === undefined || quality === 'offline' || quality === 'bad';
    });
  }

  private checkRequiredOnline(plan: ScenarioPlan): void {
    const offline = this.offlineRequired(plan);
    if (offline.length === 0) return;
    const shown =
      offline.slice(0, 10).join(', ') + (offline.length > 10 ? ` and ${offline.length - 10} more` : '');
    throw new Disconnected(`scenario ${plan.scenario.id} cannot start: required points offline: ${shown}`, {
      point: offline[0]!,
      detail: { offline },
    });
  }

  private store(write: () => void): void {
    try {
      write();
    } catch (error) {
      // The show goes on without its record (a full disk, ARCHITECTURE.md §6).
      this.logger.error('recording the scenario run failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function defaultControlUrls(registry: Registry): Record<string, string> {
  return Object.fromEntries(
    registry.loaded.site.devices.flatMap((d) =>
      d.simulator?.control === undefined ? [] : [[d.id, `http://127.0.0.1:${d.simulator.control}`]],
    ),
  );
}

/**
 * The scenario engine: starts runs of prepared scenarios against the controller's registry and
 * write path, keeps them apart, and records them (ARCHITECTURE.md §2 "Scenario", §3 data flow).
 *
 * Before a run starts (each refusal is a PhareError with a message naming the cause):
 * - the scenario is checked against this site (validate-scenario.ts) → ConfigInvalid listing problems;
 * - `speed` ≠ 1 only when every device the run uses is simulated (site `simulator:`) → NotSupported;
 * - no device it uses is held by another running scenario or reserved for an apprentice (the
 *   shared DeviceLocks, sandbox/device-locks.ts) → Forbidden naming the holder. Manual writes
 *   (staff, CLI) are not locked out: they go through the write path, whose audit shows them;
 * - every required point is online → Disconnected naming the offline points.
 *
 * `abort(runId)` stops the current steps at once (every await rejects with Canceled) and the run's
 * `finally` steps restore the safe state; `stop()` does that for every run (controller stop).
 */
import { randomBytes } from 'node:crypto';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import {
  ConfigInvalid,
  Disconnected,
  Forbidden,
  NotSupported,
  PhareError,
} from '@phare/device-drivers/errors.ts';
import { createScaledClock, systemClock, type Clock } from '@phare/hardware/simulators/clock.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { ScenarioEvent } from '../bus/events.ts';
import { formatProblem } from '../config/problem.ts';
import type { Registry } from '../registry/registry.ts';
import type { WritePath } from '../registry/write-path.ts';
import type { DeviceLocks, LockHolder } from '../sandbox/device-locks.ts';
import { MemoryRunStore, type RunRecord, type RunStore } from '../storage/run-store.ts';
import type { LoadedScenario } from './load-scenario.ts';
import { RunClock } from './run-clock.ts';
import { isSimulationClock, nextTimeOfDay, type SimulationClock } from './simulation-clock.ts';
import { ScenarioRun } from './run.ts';
import type { ScenarioValue } from './schema.ts';
import type { RunResult } from './timeline.ts';
import { prepareScenario, type ScenarioPlan } from './validate-scenario.ts';

export interface ScenarioEngineOptions {
  registry: Registry;
  writePath: WritePath;
  bus: EventBus;
  /** Device locks shared with the learning sandbox; default the write path's. */
  locks?: DeviceLocks;
  /** Default: in memory (the controller passes its SQLite store). */
  runs?: RunStore;
  logger?: Logger;
  /**
   * The clock shared with the simulators; default real time. A SimulationClock is steered for each
   * run (its speed, its `simulation.startsAt`) and set back to its first speed after the run.
   */
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

/** A bounded event log per run: a scenario that loops must not fill the memory. */
const MAX_LOGGED_EVENTS = 5000;

export interface RunState {
  record: RunRecord;
  active: boolean;
  /** Simulated seconds per real second, while it runs. */
  speed?: number;
  /** Its scenario events so far (running runs only). */
  events: ScenarioEvent[];
  /** Step ids of `stimulate` prompts waiting for the operator. */
  prompts: string[];
}

interface RunTiming {
  base: Clock;
  /** The simulators' clock, when the engine was given one to steer. */
  shared: SimulationClock | undefined;
  speed: number;
  startsAt?: string;
}

interface Running {
  run: ScenarioRun;
  startedBy: string;
  done: Promise<RunResult>;
}

export class ScenarioEngine {
  private readonly running = new Map<string, Running>();
  /** Runs hold the devices of their plan here while they run; apprentices' reservations too. */
  private readonly locks: DeviceLocks;
  private readonly runs: RunStore;
  private readonly logger: Logger;
  private readonly owner = Symbol('scenario-engine');
  private readonly controlUrls: Record<string, string>;
  /** Scenario events of the runs going on (a page that opens mid-run catches up from them). */
  private readonly eventLogs = new Map<string, ScenarioEvent[]>();
  /** The run that set the shared clock's speed, and the speed to go back to after it. */
  private clockHolder: string | undefined;
  private readonly restSpeed: number;

  constructor(private readonly options: ScenarioEngineOptions) {
    this.restSpeed = options.clock?.speed ?? 1;
    this.locks = options.locks ?? options.writePath.locks;
    this.runs = options.runs ?? new MemoryRunStore();
    this.logger = options.logger ?? silentLogger;
    this.controlUrls = options.simulatorControl ?? defaultControlUrls(options.registry);
    options.bus.on(
      'scenario',
      (event) => {
        const log = this.eventLogs.get(event.run);
        if (log && log.length < MAX_LOGGED_EVENTS) log.push(event);
      },
      this.owner,
    );
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
    const timing = this.timingFor(plan, options.speed);
    this.checkLocks(plan);
    this.checkRequiredOnline(plan);

    const id = `${plan.scenario.id}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const clock = this.applyTiming(id, timing);
    this.eventLogs.set(id, []);
    const variables = { ...plan.scenario.variables, ...options.variables };
    const run = new ScenarioRun(id, plan, new RunClock(clock), variables, {
      registry: this.options.registry,
      writePath: this.options.writePath,
      bus: this.options.bus,
      logger: this.logger.child(`run:${id}`),
      simulatorControl: (deviceId) => this.controlUrls[deviceId],
    });
    this.locks.hold(plan.devices, { kind: 'run', id, label: `scenario ${plan.scenario.id} (run ${id})` });
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
        this.eventLogs.delete(id);
        this.locks.release(id);
        this.releaseClock(id);
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

  /**
   * One run: a running one as it stands (timeline and verdicts so far, its events, the prompts
   * waiting for the operator), else its record.
   */
  getRun(runId: string): RunState | undefined {
    const entry = this.running.get(runId);
    if (!entry) {
      const record = this.runs.get(runId);
      return record && { record, active: false, events: [], prompts: [] };
    }
    const { run } = entry;
    const stored = this.runs.get(runId);
    const events = [...(this.eventLogs.get(runId) ?? [])];
    return {
      record: {
        id: run.id,
        scenarioId: run.scenarioId,
        site: this.options.registry.loaded.site.id,
        who: entry.startedBy,
        startedAt: stored?.startedAt ?? run.startedAtWall,
        endedAt: null,
        outcome: 'running',
        reason: null,
        verdicts: [...run.verdicts],
        timeline: [...run.timeline],
      },
      active: true,
      speed: run.clock.speed,
      events,
      prompts: run.waitingPrompts(),
    };
  }

  /** The speed a run of the plan gets by default: its `simulation.speed` when all is simulated. */
  plannedSpeed(plan: ScenarioPlan): number {
    const simulated = plan.devices.every((d) => this.isSimulated(d));
    return (simulated ? plan.scenario.simulation?.speed : undefined) ?? this.restSpeed;
  }

  /** Whether the plan could start now, and if not why (the same checks as start, nothing changed). */
  readiness(plan: ScenarioPlan, speed?: number): { ok: true } | { ok: false; error: PhareError } {
    try {
      this.timingFor(plan, speed);
      this.checkLocks(plan);
      this.checkRequiredOnline(plan);
      return { ok: true };
    } catch (error) {
      if (error instanceof PhareError) return { ok: false, error };
      throw error;
    }
  }

  /**
   * The speed and start time a run gets, checked before anything changes. Speed: the caller's, else
   * the scenario's `simulation.speed` when every device it uses is simulated, else the engine
   * clock's. A shared SimulationClock (the simulators' own time) is changed for the run's length;
   * since every run and simulator shares it, a run that changes it must be the only one.
   */
  private timingFor(plan: ScenarioPlan, speed: number | undefined): RunTiming {
    const base = this.options.clock ?? systemClock;
    const simulated = plan.devices.every((d) => this.isSimulated(d));
    const simulation = plan.scenario.simulation;
    const wanted = speed ?? (simulated ? simulation?.speed : undefined) ?? base.speed;
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
    const shared = isSimulationClock(base) ? base : undefined;
    const startsAt = simulated && shared ? simulation?.startsAt : undefined;
    if (simulation?.startsAt && !startsAt)
      this.logger.warn(
        `scenario ${plan.scenario.id}: simulation.startsAt ${simulation.startsAt} is ignored ` +
          (simulated
            ? '(the engine clock is not the simulators’ shared clock)'
            : '(real devices keep real time)'),
      );
    const changesClock = shared !== undefined && (wanted !== shared.speed || startsAt !== undefined);
    if (changesClock && this.running.size > 0) {
      const other = [...this.running.values()][0]!.run;
      throw new Forbidden(
        `scenario ${plan.scenario.id} cannot start: it runs the simulated clock at ×${wanted}` +
          `${startsAt ? ` from ${startsAt}` : ''}, and scenario ${other.scenarioId} (run ${other.id}) ` +
          `is using it at ×${shared.speed}; wait for it to end or abort it`,
        { detail: { run: other.id } },
      );
    }
    return { base, shared, speed: wanted, ...(startsAt ? { startsAt } : {}) };
  }

  /** Sets the shared clock for the run (speed, skip to its start time); returns the run's clock. */
  private applyTiming(runId: string, timing: RunTiming): Clock {
    const { base, shared, speed, startsAt } = timing;
    if (!shared) return speed === base.speed ? base : createScaledClock({ speed });
    if (startsAt) shared.skipTo(nextTimeOfDay(shared.now(), startsAt));
    if (speed !== shared.speed) {
      shared.setSpeed(speed);
      this.clockHolder = runId;
    }
    return shared;
  }

  /** Back to real time when the run that sped the shared clock up ends. */
  private releaseClock(runId: string): void {
    if (this.clockHolder !== runId) return;
    this.clockHolder = undefined;
    const base = this.options.clock;
    if (isSimulationClock(base)) base.setSpeed(this.restSpeed);
  }

  private isSimulated(deviceId: string): boolean {
    const device = this.options.registry.loaded.site.devices.find((d) => d.id === deviceId);
    return device?.simulator !== undefined;
  }

  private checkLocks(plan: ScenarioPlan): void {
    const clashes = plan.devices.flatMap((device) => {
      const holder = this.locks.holderOf(device);
      return holder ? [{ device, holder }] : [];
    });
    if (clashes.length === 0) return;
    const holder: LockHolder = clashes[0]!.holder;
    const devices = clashes.filter((c) => c.holder.id === holder.id).map((c) => c.device);
    const verb = devices.length === 1 ? 'is' : 'are';
    const run = holder.kind === 'run' ? this.running.get(holder.id)?.run : undefined;
    const why =
      holder.kind === 'run'
        ? `${verb} in use by scenario ${run?.scenarioId ?? '?'} (run ${holder.id}); wait for it to end or abort it`
        : `${verb} reserved for ${holder.label}; ask the trainer to release ${devices.length === 1 ? 'it' : 'them'}`;
    throw new Forbidden(`scenario ${plan.scenario.id} cannot start: ${devices.join(', ')} ${why}`, {
      device: clashes[0]!.device,
      detail: {
        holder: { ...holder },
        devices,
        ...(holder.kind === 'run' ? { run: holder.id } : {}),
      },
    });
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

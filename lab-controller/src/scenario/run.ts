/**
 * One run of one scenario: its steps in order, then its `finally` steps whatever happened
 * (success, failed expect, abort, error, controller stop, device lost), then the record.
 *
 * How a run ends: the first of these wins and stops the steps through the abort signal:
 * - a failed verdict (expect, wait until timeout) → `failed`;
 * - a device it uses going offline with `onDeviceLoss: fail` → `failed`;
 * - abort(reason) → `aborted`;
 * - a step error (a refused write, a simulator that does not answer) → `error`.
 * `finally` steps run each on their own: one that fails is recorded and the next still runs,
 * because restoring a safe state is best effort, step by step. A failed expect inside `finally`
 * makes a passed run `failed` but does not stop the other finally steps.
 *
 * With `onDeviceLoss: pause` the run clock stops while a device is offline: no new step starts,
 * waits and timeouts keep the time they had left, and everything resumes when it is back.
 */
import { Canceled } from '@phare/device-drivers/errors.ts';
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { DeviceStatus } from '../api/wire.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { ProblemPath } from '../config/problem.ts';
import type { Registry } from '../registry/registry.ts';
import type { WritePath } from '../registry/write-path.ts';
import type { RunOutcome } from '../storage/run-store.ts';
import { abortReason, waitForCondition } from './conditions.ts';
import type { EvalContext } from './expression/evaluate.ts';
import type { RunClock } from './run-clock.ts';
import { stepKindOf, type ScenarioStep, type ScenarioValue } from './schema.ts';
import type { StepContext } from './step-context.ts';
import { runStep } from './steps/index.ts';
import type { RunResult, ScenarioEventKind, TimelineEntry, Verdict } from './timeline.ts';
import type { ScenarioPlan } from './validate-scenario.ts';
import { stepIdFor } from './walk.ts';

export interface RunDeps {
  registry: Registry;
  writePath: WritePath;
  bus: EventBus;
  logger: Logger;
  simulatorControl: (deviceId: string) => string | undefined;
}

type EndState = { outcome: Exclude<RunOutcome, 'running' | 'passed'>; reason: string };

export class ScenarioRun {
  readonly who: string;
  readonly verdicts: Verdict[] = [];
  readonly timeline: TimelineEntry[] = [];
  readonly startedAtWall = Date.now();
  private end: EndState | undefined;
  private readonly main = new AbortController();
  private inFinally = false;
  private readonly lostDevices = new Set<string>();
  private readonly resumeListeners = new Set<() => void>();
  private readonly prompts = new Map<string, () => void>();

  constructor(
    readonly id: string,
    readonly plan: ScenarioPlan,
    readonly clock: RunClock,
    private readonly variables: Record<string, ScenarioValue>,
    private readonly deps: RunDeps,
  ) {
    this.who = `scenario:${plan.scenario.id}`;
  }

  get scenarioId(): string {
    return this.plan.scenario.id;
  }

  get paused(): boolean {
    return this.clock.paused;
  }

  async execute(): Promise<RunResult> {
    const startAt = this.clock.now();
    this.emit('run-started', {
      scenario: this.scenarioId,
      title: this.plan.scenario.title,
      simulatedStart: startAt,
      who: this.who,
      speed: this.clock.speed,
      devices: this.plan.devices,
    });
    try {
      await this.runSteps(this.plan.scenario.steps, ['steps'], startAt, undefined, this.main.signal);
    } catch (error) {
      if (!this.end) this.stopWith('error', describe(error));
    }
    this.inFinally = true;
    this.clock.resume();
    this.releaseResumeWaiters();
    const finallySignal = new AbortController().signal;
    let nextAt = this.clock.now();
    for (const [index, step] of this.plan.scenario.finally.entries()) {
      try {
        nextAt = await this.runSteps([step], ['finally'], nextAt, undefined, finallySignal, index);
      } catch (error) {
        this.deps.logger.warn(`scenario ${this.scenarioId}: finally step ${index} failed`, {
          error: describe(error),
        });
        nextAt = this.clock.now();
      }
    }
    const failedVerdict = this.verdicts.find((v) => !v.ok);
    const outcome = this.end?.outcome ?? (failedVerdict ? 'failed' : 'passed');
    const reason = this.end?.reason ?? (failedVerdict ? verdictReason(failedVerdict) : null);
    const result: RunResult = {
      id: this.id,
      scenarioId: this.scenarioId,
      outcome,
      reason,
      startedAt: startAt,
      endedAt: this.clock.now(),
      verdicts: [...this.verdicts],
      timeline: [...this.timeline],
    };
    this.emit('run-ended', { scenario: this.scenarioId, outcome, reason, verdicts: this.verdicts.length });
    return result;
  }

  abort(reason: string): void {
    this.stopWith('aborted', reason);
  }

  /** Step ids whose operator prompt waits for confirmation. */
  waitingPrompts(): string[] {
    return [...this.prompts.keys()];
  }

  /** Returns false when no prompt of that step is waiting. */
  confirmPrompt(stepId: string): boolean {
    const confirm = this.prompts.get(stepId);
    if (!confirm) return false;
    this.prompts.delete(stepId);
    confirm();
    return true;
  }

  onDeviceStatus(deviceId: string, status: DeviceStatus): void {
    if (!this.plan.devices.includes(deviceId) || this.inFinally || this.end) return;
    if (status === 'offline') {
      if (this.plan.scenario.onDeviceLoss === 'fail') {
        this.stopWith('failed', `device ${deviceId} went offline during the run (onDeviceLoss: fail)`);
        return;
      }
      this.lostDevices.add(deviceId);
      if (!this.clock.paused) {
        this.clock.pause();
        this.emit('paused', { device: deviceId, reason: `device ${deviceId} is offline` });
      }
    } else if (status === 'online' || status === 'degraded') {
      if (!this.lostDevices.delete(deviceId) || this.lostDevices.size > 0) return;
      this.clock.resume();
      this.emit('resumed', { device: deviceId });
      this.releaseResumeWaiters();
    }
  }

  private stopWith(outcome: EndState['outcome'], reason: string): void {
    if (this.end) return;
    this.end = { outcome, reason };
    if (!this.inFinally) this.main.abort(new Canceled(`scenario ${this.scenarioId} stopped: ${reason}`));
  }

  private releaseResumeWaiters(): void {
    for (const listener of [...this.resumeListeners]) listener();
  }

  private async runSteps(
    steps: ScenarioStep[],
    prefix: ProblemPath,
    startAt: number,
    iteration: number | undefined,
    signal: AbortSignal,
    firstIndex = 0,
  ): Promise<number> {
    const ctx = this.context(signal);
    let nextAt = startAt;
    for (const [offset, step] of steps.entries()) {
      const path = [...prefix, firstIndex + offset];
      if (signal.aborted) throw abortReason(signal);
      await this.whileRunning(signal);
      const info = {
        id: stepIdFor(step, path),
        path,
        inFinally: this.inFinally,
        scheduledAt: nextAt,
        ...(iteration !== undefined ? { iteration } : {}),
      };
      if (this.clock.now() < nextAt) await this.sleepUntil(nextAt, signal);
      const kind = stepKindOf(step);
      const startedAt = this.clock.now();
      this.emit('step-started', { step: info.id, kind, scheduledAt: nextAt, startedAt });
      const entry: TimelineEntry = {
        step: info.id,
        kind,
        inFinally: this.inFinally,
        scheduledAt: nextAt,
        startedAt,
        endedAt: startedAt,
        // Real milliseconds late: at ×60 one late event-loop turn must not read as 60 times worse.
        jitterMs: Math.max(0, startedAt - nextAt) / this.clock.speed,
        ok: true,
        wallStartedAt: Date.now(),
        ...(iteration !== undefined ? { iteration } : {}),
      };
      const verdictsBefore = this.verdicts.length;
      try {
        nextAt = await runStep(kind, step, ctx, info);
        entry.ok = this.verdicts.slice(verdictsBefore).every((v) => v.ok);
      } catch (error) {
        entry.ok = false;
        entry.error = describe(error);
        if (!signal.aborted && !this.inFinally) this.stopWith('error', `step ${info.id}: ${entry.error}`);
        throw error;
      } finally {
        entry.endedAt = this.clock.now();
        entry.wallEndedAt = Date.now();
        if (step.capture) entry.value = this.variables[step.capture.variable] ?? null;
        this.timeline.push(entry);
        this.emit('step-ended', {
          step: info.id,
          kind,
          ok: entry.ok,
          ...(entry.error ? { error: entry.error } : {}),
          // Stopped by the run's end (abort, a failure elsewhere), not failed on its own.
          ...(entry.error && signal.aborted ? { canceled: true } : {}),
        });
      }
      if (!entry.ok && !this.inFinally) {
        const failed = this.verdicts.slice(verdictsBefore).find((v) => !v.ok)!;
        this.stopWith('failed', verdictReason(failed));
        throw abortReason(signal);
      }
    }
    return nextAt;
  }

  /** Resolves at once unless paused; then when resumed (or rejects when aborted). */
  private whileRunning(signal: AbortSignal): Promise<void> {
    if (!this.clock.paused || this.inFinally) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        this.resumeListeners.delete(onResume);
        signal.removeEventListener('abort', onAbort);
      };
      const onResume = (): void => {
        done();
        resolve();
      };
      const onAbort = (): void => {
        done();
        reject(abortReason(signal));
      };
      this.resumeListeners.add(onResume);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private sleepUntil(at: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        timer.cancel();
        reject(abortReason(signal));
      };
      const timer = this.clock.at(at, () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private evalContext(): EvalContext {
    return {
      state: (id) => this.deps.registry.store.get(id),
      variable: (name) => this.variables[name],
      nowMs: () => this.clock.now(),
      wallNowMs: () => Date.now(),
    };
  }

  private context(signal: AbortSignal): StepContext {
    const { registry, writePath, bus } = this.deps;
    return {
      runId: this.id,
      scenarioId: this.scenarioId,
      who: this.who,
      clock: this.clock,
      signal,
      registry,
      writePath,
      bus,
      expression: (body) => {
        const expr = this.plan.expressions.get(body);
        if (!expr) throw new Error('scenario plan has no compiled expression for this step (not prepared?)');
        return expr;
      },
      evalContext: () => this.evalContext(),
      setVariable: (name, value) => {
        this.variables[name] = value;
      },
      waitFor: (expr, timeoutMs) =>
        waitForCondition(expr, timeoutMs, {
          bus,
          registry,
          clock: this.clock,
          signal,
          evalContext: this.evalContext(),
          onResume: (callback) => {
            this.resumeListeners.add(callback);
            return () => this.resumeListeners.delete(callback);
          },
        }),
      sleepUntil: (at) => this.sleepUntil(at, signal),
      emit: (kind, detail) => this.emit(kind, detail),
      verdict: (reached) => {
        const verdict = { ...reached, wallAt: Date.now() };
        this.verdicts.push(verdict);
        this.emit('verdict', { ...verdict });
      },
      simulatorControl: (deviceId) => this.deps.simulatorControl(deviceId),
      promptConfirmed: (stepId) => this.waitForConfirmation(stepId, signal),
      runSteps: (steps, prefix, startAt, iteration) =>
        this.runSteps(steps, prefix, startAt, iteration, signal),
    };
  }

  private waitForConfirmation(stepId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.prompts.delete(stepId);
        reject(abortReason(signal));
      };
      this.prompts.set(stepId, () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private emit(kind: ScenarioEventKind, detail: Record<string, unknown>): void {
    this.deps.bus.emit('scenario', { run: this.id, kind, ts: this.clock.now(), detail });
  }
}

function verdictReason(verdict: Verdict): string {
  return `${verdict.step}: ${verdict.label.en} — ${verdict.detail ?? 'failed'}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

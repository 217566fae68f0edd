/**
 * What a step runner (steps/*.ts, one file per step kind) receives from the run (run.ts): the
 * registry, write path and bus of the controller, the run's clock and abort signal, and the few
 * services steps share (conditions, narration events, verdicts, nested step lists).
 *
 * Contract of a step runner: it starts at `info.scheduledAt` (already reached), does its work,
 * and returns when the next step is due (`nextAt`, run time). It never swallows the abort signal:
 * an aborted run makes every await reject with Canceled. A failed expect is not an exception: the
 * runner records the verdict and the run stops itself (run.ts).
 */
import type { PointValue } from '../api/wire.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { ProblemPath } from '../config/problem.ts';
import type { Registry } from '../registry/registry.ts';
import type { WritePath } from '../registry/write-path.ts';
import type { CompiledExpression } from './expression/compile.ts';
import type { EvalContext } from './expression/evaluate.ts';
import type { RunClock } from './run-clock.ts';
import type { ScenarioStep } from './schema.ts';
import type { ScenarioEventKind, Verdict } from './timeline.ts';

export interface StepInfo {
  id: string;
  path: ProblemPath;
  inFinally: boolean;
  /** Run time the schedule wanted this step to start. */
  scheduledAt: number;
  iteration?: number;
}

export interface ConditionResult {
  met: boolean;
  /** Run time when it was decided. */
  at: number;
  /** Why it is not met (false, a point offline, an evaluation error). */
  reason?: string;
  observed: Record<string, PointValue>;
}

export interface StepContext {
  readonly runId: string;
  readonly scenarioId: string;
  /** Audit identity of every write: `scenario:<id>`. */
  readonly who: string;
  readonly clock: RunClock;
  readonly signal: AbortSignal;
  readonly registry: Registry;
  readonly writePath: WritePath;
  readonly bus: EventBus;
  /** The compiled expression of a step body (set, wait, expect, repeat). */
  expression(body: object): CompiledExpression;
  evalContext(): EvalContext;
  /** Assigns one of the scenario's variables for the rest of the run (capture). */
  setVariable(name: string, value: number | boolean | string): void;
  /** Decides the condition now, or as soon as it holds (event-driven), or false at the timeout. */
  waitFor(expr: CompiledExpression, timeoutMs: number | undefined): Promise<ConditionResult>;
  sleepUntil(at: number): Promise<void>;
  emit(kind: ScenarioEventKind, detail: Record<string, unknown>): void;
  verdict(verdict: Verdict): void;
  /** Control URL of a device's simulator, undefined for real kit. */
  simulatorControl(deviceId: string): string | undefined;
  /** Resolves when the operator confirms the prompt of step `stepId` (engine.confirmPrompt). */
  promptConfirmed(stepId: string): Promise<void>;
  /** Runs nested steps in order from `startAt`; resolves with when the step after them is due. */
  runSteps(steps: ScenarioStep[], prefix: ProblemPath, startAt: number, iteration?: number): Promise<number>;
}

export type StepRunner<Body> = (body: Body, ctx: StepContext, info: StepInfo) => Promise<number>;

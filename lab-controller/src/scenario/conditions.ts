/**
 * Waiting for a condition without busy polling: the condition is evaluated once at once, then again
 * only when a point it reads changes (bus `points` events, which the registry emits on every value
 * or quality change) or when the run resumes from a pause. Conditions that use now() or age() change
 * with time alone, so those are also evaluated on a coarse timer.
 *
 * While the run is paused nothing is decided, and the timeout (run time) stands still.
 */
import { Canceled } from '@phare/device-drivers/errors.ts';
import type { PointValue } from '../api/wire.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { Registry } from '../registry/registry.ts';
import type { CompiledExpression } from './expression/compile.ts';
import { evaluateCondition, type EvalContext } from './expression/evaluate.ts';
import type { RunClock } from './run-clock.ts';
import type { ConditionResult } from './step-context.ts';

/**
 * How often a time-dependent condition (now(), hour(), age()) is looked at again, in real ms: scaled
 * to run time by the clock's speed, so a `wait until hour() >= 21` at ×600 is not looked at every
 * simulated 200 ms (a timer per real millisecond) but every simulated two minutes.
 */
const CLOCK_CONDITION_PERIOD_MS = 200;

export interface ConditionWaitDeps {
  bus: EventBus;
  registry: Registry;
  clock: RunClock;
  signal: AbortSignal;
  evalContext: EvalContext;
  /** Registers a callback for when the run resumes; returns its remover. */
  onResume(callback: () => void): () => void;
}

export function observedValues(registry: Registry, expr: CompiledExpression): Record<string, PointValue> {
  return Object.fromEntries(expr.points.map((id) => [id, registry.store.get(id)?.value ?? null]));
}

export function waitForCondition(
  expr: CompiledExpression,
  timeoutMs: number | undefined,
  deps: ConditionWaitDeps,
): Promise<ConditionResult> {
  const { bus, registry, clock, signal } = deps;
  const decide = (): { met: boolean; reason?: string } => {
    try {
      return evaluateCondition(expr, deps.evalContext)
        ? { met: true }
        : { met: false, reason: 'condition is false' };
    } catch (error) {
      return { met: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };
  const result = (met: boolean, reason?: string): ConditionResult => ({
    met,
    at: clock.now(),
    ...(reason ? { reason } : {}),
    observed: observedValues(registry, expr),
  });

  if (signal.aborted) return Promise.reject(abortReason(signal));
  const first = decide();
  if (first.met || timeoutMs === 0) return Promise.resolve(result(first.met, first.reason));

  return new Promise<ConditionResult>((resolve, reject) => {
    const owner = Symbol('scenario-condition');
    const watched = new Set(expr.points);
    let last = first;
    let settled = false;
    const timers: { cancel(): void }[] = [];
    const cleanups: (() => void)[] = [];
    const finish = (outcome: ConditionResult | Error): void => {
      if (settled) return;
      settled = true;
      bus.removeAllOf(owner);
      for (const t of timers) t.cancel();
      for (const c of cleanups) c();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const check = (): void => {
      if (settled || clock.paused) return;
      last = decide();
      if (last.met) finish(result(true));
    };

    bus.on(
      'points',
      (changes) => {
        if (changes.some((c) => watched.has(c.id))) check();
      },
      owner,
    );
    cleanups.push(deps.onResume(check));
    if (expr.usesClock) {
      const period = CLOCK_CONDITION_PERIOD_MS * Math.max(1, clock.speed);
      const tick = (): void => {
        check();
        if (!settled) timers.push(clock.after(period, tick));
      };
      timers.push(clock.after(period, tick));
    }
    if (timeoutMs !== undefined) {
      timers.push(
        clock.after(timeoutMs, () => {
          // A last look: the update may have landed in the same tick as the deadline.
          last = decide();
          finish(result(last.met, last.reason));
        }),
      );
    }
    const onAbort = (): void => finish(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => signal.removeEventListener('abort', onAbort));
  });
}

export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Canceled('scenario run stopped');
}

/**
 * `wait`: a duration, scheduled against the step's planned start (not its actual start, so
 * lateness never accumulates), or `until` a condition, event-driven, failing the run at `timeout`.
 */
import { durationMs, formatMs } from '../duration.ts';
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

export const runWait: StepRunner<NonNullable<ScenarioStep['wait']>> = async (body, ctx, info) => {
  if (body.duration !== undefined) {
    const due = info.scheduledAt + durationMs(body.duration);
    await ctx.sleepUntil(due);
    return due;
  }
  const expr = ctx.expression(body);
  const timeoutMs = durationMs(body.timeout!);
  const result = await ctx.waitFor(expr, timeoutMs);
  if (!result.met) {
    ctx.verdict({
      step: info.id,
      label: { fr: `Attendre : ${expr.source}`, en: `Wait until: ${expr.source}` },
      that: expr.source,
      ok: false,
      at: result.at,
      detail: `not reached within ${formatMs(timeoutMs)}${result.reason ? `: ${result.reason}` : ''}`,
      observed: result.observed,
    });
  }
  return ctx.clock.now();
};

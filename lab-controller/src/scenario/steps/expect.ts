/**
 * `expect`: a condition that must hold now, or become true `within` a time (event-driven on point
 * updates). Its verdict is recorded and sent on the bus; a failed expect stops the run, whose
 * `finally` steps then restore the safe state.
 */
import { durationMs, formatMs } from '../duration.ts';
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

export const runExpect: StepRunner<NonNullable<ScenarioStep['expect']>> = async (body, ctx, info) => {
  const expr = ctx.expression(body);
  const withinMs = body.within === undefined ? undefined : durationMs(body.within);
  const result = await ctx.waitFor(expr, withinMs ?? 0);
  const late = withinMs === undefined ? 'is false' : `still false after ${formatMs(withinMs)}`;
  ctx.verdict({
    step: info.id,
    label: body.label,
    that: expr.source,
    ok: result.met,
    at: result.at,
    ...(result.met ? {} : { detail: result.reason ? `${late}: ${result.reason}` : late }),
    observed: result.observed,
  });
  return ctx.clock.now();
};

/**
 * `capture`: keeps a value in one of the scenario's variables, so a later expression can compare
 * against it (the meter reading at the start of a week, the power before a measure). The value is
 * sent on the bus with its label and unit, so the timeline and the kiosk can show it.
 */
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { evaluate } from '../expression/evaluate.ts';
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

export const runCapture: StepRunner<NonNullable<ScenarioStep['capture']>> = async (body, ctx, info) => {
  const value = evaluate(ctx.expression(body), ctx.evalContext());
  if (value === null) throw new ConfigInvalid(`capture ${body.variable}: "${body.expr}" gave no value`);
  ctx.setVariable(body.variable, value);
  ctx.emit('captured', {
    step: info.id,
    variable: body.variable,
    value,
    ...(body.label ? { label: body.label } : {}),
    ...(body.unit ? { unit: body.unit } : {}),
  });
  return ctx.clock.now();
};

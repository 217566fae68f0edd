/**
 * `repeat`: the nested steps `times` times, or `while` a condition holds (checked before each
 * round), with `max` rounds as a safety cap so a condition that never turns false cannot loop for
 * ever in front of an audience.
 */
import { evaluateCondition } from '../expression/evaluate.ts';
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

const DEFAULT_MAX_ROUNDS = 1000;

export const runRepeat: StepRunner<NonNullable<ScenarioStep['repeat']>> = async (body, ctx, info) => {
  const condition = body.while === undefined ? undefined : ctx.expression(body);
  const rounds = body.times ?? body.max ?? DEFAULT_MAX_ROUNDS;
  let nextAt = info.scheduledAt;
  for (let round = 1; round <= rounds; round++) {
    if (condition && !evaluateCondition(condition, ctx.evalContext())) break;
    nextAt = await ctx.runSteps(body.steps, [...info.path, 'repeat', 'steps'], nextAt, round);
  }
  return nextAt;
};

/**
 * `set`: one point, or several points set alike, in ONE writeMany through the write path (limits,
 * audit with who = scenario:<id>). Several DALI levels of one gateway then reach its coordinator in
 * one call, which sends one group or broadcast frame instead of one frame per luminaire
 * (ARCHITECTURE.md §6: about 30 ms instead of 2 s for 64 luminaires). A scene is a set too:
 * `point: street.group1.scene, value: 2` (DALI GO TO SCENE, protocols.md §1.5).
 */
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { evaluate } from '../expression/evaluate.ts';
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

export const runSet: StepRunner<NonNullable<ScenarioStep['set']>> = async (body, ctx) => {
  const targets = body.point !== undefined ? [body.point] : (body.points ?? []);
  let value: unknown = body.value;
  if (body.expr !== undefined) {
    value = evaluate(ctx.expression(body), ctx.evalContext());
    if (value === null) throw new ConfigInvalid(`set: "${body.expr}" gave no value`);
  }
  ctx.signal.throwIfAborted();
  await ctx.writePath.writeMany(
    targets.map((point) => ({ point, value })),
    ctx.who,
  );
  return ctx.clock.now();
};

/** `say`: narration for the kiosk, in French and English, as a bus `scenario` event. */
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

export const runSay: StepRunner<NonNullable<ScenarioStep['say']>> = async (body, ctx, info) => {
  ctx.emit('say', { step: info.id, fr: body.fr, en: body.en });
  return ctx.clock.now();
};

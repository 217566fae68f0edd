/**
 * `parallel`: branches start together; the step ends when every branch has ended, and the next
 * step is due when the latest branch's schedule says so. A failing branch stops the run, which
 * cancels the other branches through the shared abort signal.
 */
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

export const runParallel: StepRunner<NonNullable<ScenarioStep['parallel']>> = async (branches, ctx, info) => {
  const results = await Promise.allSettled(
    branches.map((branch, b) =>
      ctx.runSteps(branch.steps, [...info.path, 'parallel', b, 'steps'], info.scheduledAt, info.iteration),
    ),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return Math.max(...results.map((r) => (r as PromiseFulfilledResult<number>).value));
};

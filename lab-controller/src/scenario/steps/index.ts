/** Step kind → runner. Add a step kind by adding its schema key, its runner file and one line here. */
import type { ScenarioStep, StepKind } from '../schema.ts';
import type { StepContext, StepInfo } from '../step-context.ts';
import { runAlarm } from './alarm.ts';
import { runCapture } from './capture.ts';
import { runExpect } from './expect.ts';
import { runParallel } from './parallel.ts';
import { runRepeat } from './repeat.ts';
import { runSay } from './say.ts';
import { runSet } from './set.ts';
import { runStimulate } from './stimulate.ts';
import { runWait } from './wait.ts';

export function runStep(
  kind: StepKind,
  step: ScenarioStep,
  ctx: StepContext,
  info: StepInfo,
): Promise<number> {
  switch (kind) {
    case 'set':
      return runSet(step.set!, ctx, info);
    case 'wait':
      return runWait(step.wait!, ctx, info);
    case 'expect':
      return runExpect(step.expect!, ctx, info);
    case 'capture':
      return runCapture(step.capture!, ctx, info);
    case 'stimulate':
      return runStimulate(step.stimulate!, ctx, info);
    case 'say':
      return runSay(step.say!, ctx, info);
    case 'alarm':
      return runAlarm(step.alarm!, ctx, info);
    case 'parallel':
      return runParallel(step.parallel!, ctx, info);
    case 'repeat':
      return runRepeat(step.repeat!, ctx, info);
  }
}

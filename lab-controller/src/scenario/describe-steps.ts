/**
 * The steps of a scenario as people read them (the showroom's timeline, the replay): each step's
 * id, kind, depth, and its text in French and English: narration, expect label, operator prompt,
 * alarm message, or what a `set` or `wait` does.
 */
import type { Localized, ScenarioStepView } from '../api/wire.ts';
import { stepKindOf, type Scenario, type ScenarioStep } from './schema.ts';
import { walkSteps } from './walk.ts';

export function describeSteps(scenario: Pick<Scenario, 'steps' | 'finally'>): ScenarioStepView[] {
  return walkSteps(scenario).map(({ step, path, id, inFinally }) => {
    const text = stepText(step);
    return {
      id,
      kind: stepKindOf(step),
      inFinally,
      // steps[3] is depth 0; steps[3].parallel[0].steps[1] is depth 1.
      depth: path.filter((part) => part === 'steps').length - (inFinally ? 0 : 1),
      ...(text ? { text } : {}),
    };
  });
}

function same(text: string): Localized {
  return { fr: text, en: text };
}

function stepText(step: ScenarioStep): Localized | undefined {
  if (step.say) return step.say;
  if (step.expect) return step.expect.label;
  if (step.stimulate) return step.stimulate.prompt;
  if (step.alarm) return step.alarm.message;
  if (step.capture) return step.capture.label ?? same(`${step.capture.variable} = ${step.capture.expr}`);
  if (step.set) {
    const targets = step.set.point ?? (step.set.points ?? []).join(', ');
    return same(`${targets} ← ${step.set.expr ?? JSON.stringify(step.set.value)}`);
  }
  if (step.wait) {
    if (step.wait.duration) return { fr: `Attendre ${step.wait.duration}`, en: `Wait ${step.wait.duration}` };
    return { fr: `Attendre que ${step.wait.until}`, en: `Wait until ${step.wait.until}` };
  }
  if (step.repeat) {
    return step.repeat.times
      ? { fr: `Répéter ${step.repeat.times} fois`, en: `Repeat ${step.repeat.times} times` }
      : { fr: `Répéter tant que ${step.repeat.while}`, en: `Repeat while ${step.repeat.while}` };
  }
  if (step.parallel) return { fr: 'En même temps', en: 'At the same time' };
  return undefined;
}

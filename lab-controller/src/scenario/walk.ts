/**
 * Visits every step of a scenario with its path in the file (for positions) and its id (for the
 * timeline): the step's own `id`, or its path such as `steps[2].parallel[0].steps[1]`.
 */
import type { ProblemPath } from '../config/problem.ts';
import type { Scenario, ScenarioStep } from './schema.ts';

export interface VisitedStep {
  step: ScenarioStep;
  path: ProblemPath;
  id: string;
  inFinally: boolean;
}

export function stepIdFor(step: ScenarioStep, path: ProblemPath): string {
  return step.id ?? pathText(path);
}

/** `["steps", 2, "parallel", 0, "steps", 1]` → `steps[2].parallel[0].steps[1]`. */
export function pathText(path: ProblemPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function walkSteps(scenario: Pick<Scenario, 'steps' | 'finally'>): VisitedStep[] {
  const out: VisitedStep[] = [];
  const visit = (steps: ScenarioStep[], prefix: ProblemPath, inFinally: boolean): void => {
    steps.forEach((step, index) => {
      const path = [...prefix, index];
      out.push({ step, path, id: stepIdFor(step, path), inFinally });
      step.parallel?.forEach((branch, b) =>
        visit(branch.steps, [...path, 'parallel', b, 'steps'], inFinally),
      );
      if (step.repeat) visit(step.repeat.steps, [...path, 'repeat', 'steps'], inFinally);
    });
  };
  visit(scenario.steps, ['steps'], false);
  visit(scenario.finally, ['finally'], true);
  return out;
}

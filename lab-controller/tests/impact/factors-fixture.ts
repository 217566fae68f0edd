/** The shipped factors file, loaded once for the projection tests (a failure names the problem). */
import { formatProblem } from '../../src/config/problem.ts';
import type { ImpactFactors } from '../../src/impact/factors-schema.ts';
import { loadImpactFactors } from '../../src/impact/load-factors.ts';

export function shippedFactors(): ImpactFactors {
  const result = loadImpactFactors();
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.value;
}

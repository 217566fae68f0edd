/**
 * Loads the impact factors file with the same defensive YAML reader and positioned problems as
 * profiles and sites (config/yaml-source.ts), so a typo in a factor names its line and column.
 */
import { resolve } from 'node:path';
import { issuesToProblems } from '../config/issues.ts';
import { repoRoot } from '../config/paths.ts';
import type { Result } from '../config/problem.ts';
import { readYaml } from '../config/yaml-source.ts';
import { factorsFileSchema, type ImpactFactors } from './factors-schema.ts';

/** The default factors for France (hardware/impact/factors-fr.yaml). */
export const defaultFactorsPath: string = resolve(repoRoot, 'hardware/impact/factors-fr.yaml');

export function loadImpactFactors(path: string = defaultFactorsPath): Result<ImpactFactors> {
  const source = readYaml(path);
  if (!source.ok) return source;
  const parsed = factorsFileSchema.safeParse(source.value.value, { reportInput: true });
  if (!parsed.success)
    return { ok: false, problems: issuesToProblems(parsed.error.issues, source.value, factorsFileSchema) };
  return { ok: true, value: parsed.data };
}

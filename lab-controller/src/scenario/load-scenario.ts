/**
 * Reads a scenario file (YAML with positions, config/yaml-source.ts) and checks it against the
 * scenario schema. Problems name file:line:column through the same wording as profiles and sites
 * (config/issues.ts). Site checks (points, limits, expressions) are in validate-scenario.ts.
 */
import { isMap, isScalar } from 'yaml';
import { issuesToProblems } from '../config/issues.ts';
import type { Problem, Result } from '../config/problem.ts';
import { readYaml, valuePosition, type YamlSource } from '../config/yaml-source.ts';
import { SCENARIO_SCHEMA_ID, scenarioSchema, STEP_KINDS, type Scenario } from './schema.ts';

export interface LoadedScenario {
  scenario: Scenario;
  /** Absolute path of the scenario file, or undefined when built in memory. */
  path?: string;
  /** The YAML with positions, to place problems found later (site checks). */
  source: YamlSource;
}

export function loadScenario(path: string): Result<LoadedScenario> {
  const read = readYaml(path);
  if (!read.ok) return read;
  return parseScenario(read.value, path);
}

export function parseScenario(source: YamlSource, path?: string): Result<LoadedScenario> {
  const schemaProblem = checkSchemaKey(source);
  if (schemaProblem) return { ok: false, problems: [schemaProblem] };
  const parsed = scenarioSchema.safeParse(source.value, { reportInput: true });
  if (!parsed.success) {
    // A misspelt kind key ("sett:") is already reported with "did you mean set?"; saying the step
    // has no kind as well would only repeat it.
    const misspelt = new Set(
      parsed.error.issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path.join('/')),
    );
    const issues = parsed.error.issues.filter(
      (i) => !(i.code === 'custom' && isNoKindIssue(i.message) && misspelt.has(i.path.join('/'))),
    );
    return { ok: false, problems: issuesToProblems(issues, source, scenarioSchema) };
  }
  return { ok: true, value: { scenario: parsed.data, ...(path ? { path } : {}), source } };
}

function isNoKindIssue(message: string): boolean {
  return message.startsWith(`a step needs one of ${STEP_KINDS[0]}`);
}

/** A scenario file must say what it is, so `phare validate` can tell it from a site or profile. */
function checkSchemaKey(source: YamlSource): Problem | undefined {
  const root = source.doc.contents;
  const pair = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'schema') : undefined;
  const value = isScalar(pair?.value) ? pair.value.value : undefined;
  if (value === SCENARIO_SCHEMA_ID) return undefined;
  return {
    file: source.file,
    ...valuePosition(source, ['schema']),
    message: pair
      ? `schema: expected "${SCENARIO_SCHEMA_ID}", got ${JSON.stringify(value)}`
      : 'no "schema:" key',
    hint: `start the file with schema: ${SCENARIO_SCHEMA_ID}`,
    path: ['schema'],
  };
}

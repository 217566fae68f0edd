/**
 * Which kind of Phare data file this is, from its `schema:` key (`phare/profile@1`, `phare/site@1`).
 * The version after "@" lets a later Phare migrate old files instead of misreading them.
 */
import { isMap, isScalar } from 'yaml';
import type { Problem } from './problem.ts';
import { PROFILE_SCHEMA_ID } from './schema/profile.ts';
import { SITE_SCHEMA_ID } from './schema/site.ts';
import { SCENARIO_SCHEMA_ID } from '../scenario/schema.ts';
import { EXERCISES_SCHEMA_ID, MODULE_SCHEMA_ID } from '../curriculum/schema.ts';
import { PHARE_CONFIG_SCHEMA_ID } from './phare-config-schema.ts';
import { nearest } from './suggest.ts';
import { keyPosition, readYaml, valuePosition, type YamlSource } from './yaml-source.ts';

export type FileKind =
  'profile' | 'site' | 'scenario' | 'curriculum-module' | 'curriculum-exercises' | 'config';

export const SCHEMA_IDS: Record<FileKind, string> = {
  profile: PROFILE_SCHEMA_ID,
  site: SITE_SCHEMA_ID,
  scenario: SCENARIO_SCHEMA_ID,
  'curriculum-module': MODULE_SCHEMA_ID,
  'curriculum-exercises': EXERCISES_SCHEMA_ID,
  config: PHARE_CONFIG_SCHEMA_ID,
};

export type KindDetection =
  { ok: true; kind: FileKind; source: YamlSource } | { ok: false; problems: Problem[] };

/** Reads the file once and tells its kind, or why it cannot tell. */
export function detectKindOf(source: YamlSource): KindDetection {
  const problem = (message: string, hint: string): KindDetection => ({
    ok: false,
    problems: [{ file: source.file, ...valuePosition(source, ['schema']), message, hint, path: ['schema'] }],
  });
  const known = Object.values(SCHEMA_IDS);
  const root = source.doc.contents;
  const schemaPair = isMap(root)
    ? root.items.find((p) => isScalar(p.key) && p.key.value === 'schema')
    : undefined;
  const schema = isScalar(schemaPair?.value) ? schemaPair.value.value : undefined;
  if (!schemaPair)
    return {
      ok: false,
      problems: [
        {
          file: source.file,
          ...keyPosition(source, []),
          message: 'no "schema:" key: cannot tell what kind of file this is',
          hint: `start the file with schema: ${known.join(' or schema: ')}`,
          path: ['schema'],
        },
      ],
    };
  if (typeof schema !== 'string') return problem('schema: expected a string', `use ${known.join(' or ')}`);
  const kind = (Object.keys(SCHEMA_IDS) as FileKind[]).find((k) => SCHEMA_IDS[k] === schema);
  if (kind) return { ok: true, kind, source };
  const sameName = known.find((id) => id.split('@')[0] === schema.split('@')[0]);
  if (sameName) return problem(`schema: unsupported version "${schema}"`, `this Phare reads ${sameName}`);
  const near = nearest(schema, known);
  return problem(
    `schema: unknown schema "${schema}"`,
    near ? `did you mean "${near}"?` : `known schemas: ${known.join(', ')}`,
  );
}

/** The kind of the file at `path`, or undefined when it is unreadable or has no known `schema:`. */
export function detectFileKind(path: string): FileKind | undefined {
  const read = readYaml(path);
  if (!read.ok) return undefined;
  const detected = detectKindOf(read.value);
  return detected.ok ? detected.kind : undefined;
}

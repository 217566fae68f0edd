/**
 * The JSON Schemas published for editors (hardware/schema/*.schema.json), generated from the zod
 * schemas so they cannot disagree. They describe the file as written (`io: 'input'`: an endpoint is
 * a string, defaults are optional). Cross-field rules (unique ids, declared groups, limits within
 * range) are beyond JSON Schema; `phare validate` checks those.
 */
import { z } from 'zod';
import { profileSchema } from './schema/profile.ts';
import { siteSchema } from './schema/site.ts';
import { scenarioSchema } from '../scenario/schema.ts';

export const JSON_SCHEMA_FILES = {
  'profile.schema.json': profileSchema,
  'site.schema.json': siteSchema,
  'scenario.schema.json': scenarioSchema,
} as const;

export type JsonSchemaFileName = keyof typeof JSON_SCHEMA_FILES;

/** The text of one generated JSON Schema file, exactly as checked in. */
export function renderJsonSchema(name: JsonSchemaFileName): string {
  const schema = z.toJSONSchema(JSON_SCHEMA_FILES[name], { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * Writes hardware/schema/{profile,site}.schema.json from the zod schemas of lab-controller/src/config.
 * Run after changing a schema: `npx tsx scripts/generate-schemas.ts`. A test fails while the
 * checked-in files differ from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  JSON_SCHEMA_FILES,
  renderJsonSchema,
  type JsonSchemaFileName,
} from '@phare/lab-controller/config/json-schema.ts';
import { schemaDir } from '@phare/lab-controller/config/paths.ts';

for (const name of Object.keys(JSON_SCHEMA_FILES) as JsonSchemaFileName[]) {
  const path = join(schemaDir, name);
  writeFileSync(path, renderJsonSchema(name));
  console.log(`wrote ${path}`);
}

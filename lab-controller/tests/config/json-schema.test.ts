import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  JSON_SCHEMA_FILES,
  renderJsonSchema,
  type JsonSchemaFileName,
} from '../../src/config/json-schema.ts';
import { listProfileIds } from '../../src/config/load-site.ts';
import { defaultProfilesDir, repoRoot, schemaDir } from '../../src/config/paths.ts';
import { checkJsonSchema } from './json-schema-check.ts';
import { fixture } from './fixture-paths.ts';

const readSchema = (name: JsonSchemaFileName): Record<string, unknown> =>
  JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as Record<string, unknown>;
const readYamlValue = (path: string): unknown => parse(readFileSync(path, 'utf8'));

describe('published JSON Schemas', () => {
  it('are exactly what scripts/generate-schemas.ts writes (run it after changing a schema)', () => {
    for (const name of Object.keys(JSON_SCHEMA_FILES) as JsonSchemaFileName[])
      expect(readFileSync(join(schemaDir, name), 'utf8'), name).toBe(renderJsonSchema(name));
  });

  it('accept every shipped profile and the demo site', () => {
    const profileSchema = readSchema('profile.schema.json');
    for (const id of listProfileIds(defaultProfilesDir))
      expect(
        checkJsonSchema(profileSchema, readYamlValue(join(defaultProfilesDir, `${id}.yaml`))),
        id,
      ).toEqual([]);
    expect(checkJsonSchema(profileSchema, readYamlValue(fixture('profiles/acme/energy-meter.yaml')))).toEqual(
      [],
    );
    const siteSchema = readSchema('site.schema.json');
    expect(checkJsonSchema(siteSchema, readYamlValue(join(repoRoot, 'hardware/sites/demo.yaml')))).toEqual(
      [],
    );
  });

  it('reject a misspelt key and a wrong type, as an editor would flag them', () => {
    const profileSchema = readSchema('profile.schema.json');
    expect(
      checkJsonSchema(profileSchema, readYamlValue(fixture('bad-profiles/bad/unknown-key.yaml'))),
      // pollIntervalMs is required of polled kinds only (not opcua-controller): a rule across fields
      // that JSON Schema cannot express here; `phare validate` reports it missing.
    ).toEqual(['$.connection: unknown key pollIntervall']);
    expect(
      checkJsonSchema(profileSchema, readYamlValue(fixture('bad-profiles/bad/wrong-type.yaml'))),
    ).toEqual(['$.connection.timeoutMs: expected integer, got string']);
  });

  it('point editors at themselves from each shipped file', () => {
    for (const id of listProfileIds(defaultProfilesDir))
      expect(readFileSync(join(defaultProfilesDir, `${id}.yaml`), 'utf8').split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../../schema/profile.schema.json',
      );
    expect(readFileSync(join(repoRoot, 'hardware/sites/demo.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schema/site.schema.json',
    );
  });
});

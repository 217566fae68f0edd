/**
 * Loads one profile file: YAML with positions, the profile schema, and the rule that a profile's
 * id is its path (`hardware/profiles/hms/intesis-dali-modbus.yaml` has id `hms/intesis-dali-modbus`),
 * so that a site's `profile:` names a file without a lookup table.
 */
import { basename, dirname, extname } from 'node:path';
import { issuesToProblems } from './issues.ts';
import type { Problem, Result } from './problem.ts';
import { profileSchema, type Profile } from './schema/profile.ts';
import { valuePosition, readYaml, type YamlSource } from './yaml-source.ts';

/** `vendor/model` from `<…>/vendor/model.yaml`. */
export function profileIdFromPath(path: string): string {
  return `${basename(dirname(path))}/${basename(path, extname(path))}`;
}

/** Validates an already-read profile document (used by the site loader and `validate`). */
export function parseProfile(source: YamlSource, path: string): Result<Profile> {
  const parsed = profileSchema.safeParse(source.value, { reportInput: true });
  if (!parsed.success)
    return { ok: false, problems: issuesToProblems(parsed.error.issues, source, profileSchema) };
  const expectedId = profileIdFromPath(path);
  if (parsed.data.id !== expectedId) {
    const problem: Problem = {
      file: source.file,
      ...valuePosition(source, ['id']),
      message: `id: "${parsed.data.id}" does not match the file's path, which gives "${expectedId}"`,
      hint: `a profile lives at hardware/profiles/<vendor>/<model>.yaml with id vendor/model: rename the file or set id: ${expectedId}`,
      path: ['id'],
    };
    return { ok: false, problems: [problem] };
  }
  return { ok: true, value: parsed.data };
}

export function loadProfile(path: string): Result<Profile> {
  const source = readYaml(path);
  return source.ok ? parseProfile(source.value, path) : source;
}

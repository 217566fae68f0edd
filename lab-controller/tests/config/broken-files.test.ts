/**
 * Files that are not even YAML, or hostile, generated in a temporary folder (they would trip the
 * formatter if checked in). None may throw; each is one problem with its position.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/config/load-profile.ts';
import { loadSite } from '../../src/config/load-site.ts';
import { formatProblem, type Result } from '../../src/config/problem.ts';
import { MAX_FILE_BYTES } from '../../src/config/yaml-source.ts';
import { fixture, shown } from './fixture-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'phare-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function problems(result: Result<unknown>): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('broken and hostile files become problems, never exceptions', () => {
  it('reports a YAML syntax error at its position', () => {
    const path = write('syntax.yaml', 'schema: phare/site@1\nplan: [1, 2\nid: demo\n');
    expect(problems(loadSite(path))).toEqual([
      `${shown(path)}:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('reports a key given twice in one map', () => {
    const path = write('twice.yaml', 'schema: phare/site@1\nid: demo\nid: again\n');
    expect(problems(loadSite(path))).toEqual([
      `${shown(path)}:3:1: duplicate key "id" in this map — a key may appear only once in a map`,
    ]);
  });

  it('refuses a file over the size cap before reading it', () => {
    const path = write('huge.yaml', `schema: phare/site@1\nx: "${'a'.repeat(MAX_FILE_BYTES)}"\n`);
    expect(problems(loadSite(path))).toEqual([
      `${shown(path)}: file is 1.0 MB; Phare reads data files up to 1 MB — profiles and sites are hand-written YAML of a few kB: is this the right file?`,
    ]);
  });

  it('points at the first byte that is not UTF-8', () => {
    const path = write(
      'latin1.yaml',
      Buffer.from('schema: phare/site@1\nname: { fr: caf\xe9, en: cafe }\n', 'latin1'),
    );
    expect(problems(loadSite(path))).toEqual([
      `${shown(path)}:2:16: byte 0xe9 is not valid UTF-8 — save the file as UTF-8 (it may be Latin-1 or UTF-16)`,
    ]);
  });

  it('survives absurd nesting and caps the number of syntax problems', () => {
    const path = write('deep.yaml', '['.repeat(50_000));
    const found = problems(loadProfile(path));
    expect(found.length).toBeLessThanOrEqual(11);
    expect(found[0]).toMatch(new RegExp(`^${shown(path)}:1:\\d+: `));
  });

  it('reports an empty file and a missing file', () => {
    const empty = write('empty.yaml', '');
    expect(problems(loadProfile(empty))).toEqual([`${shown(empty)}: file is empty`]);
    const missing = join(dir, 'nothing-here.yaml');
    expect(problems(loadProfile(missing))).toEqual([`${shown(missing)}: file not found`]);
  });

  it('ignores a __proto__ key instead of letting it reach the prototype', () => {
    const path = write('proto.yaml', '__proto__: { polluted: true }\n');
    const found = problems(loadProfile(path));
    expect(found).toContain(
      `${shown(path)}:1:1: unknown key "__proto__" at the top level — known keys: schema, id, vendor, model, kind, protocol, simulator, sources, connection, dali, points, serial, components, footprint`,
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('requires a profile id equal to its vendor/model path', () => {
    const path = join(dir, 'acme/renamed.yaml');
    mkdirSync(join(dir, 'acme'), { recursive: true });
    copyFileSync(fixture('profiles/acme/energy-meter.yaml'), path);
    expect(problems(loadProfile(path))).toEqual([
      `${shown(path)}:3:5: id: "acme/energy-meter" does not match the file's path, which gives "acme/renamed" — a profile lives at hardware/profiles/<vendor>/<model>.yaml with id vendor/model: rename the file or set id: acme/renamed`,
    ]);
  });
});

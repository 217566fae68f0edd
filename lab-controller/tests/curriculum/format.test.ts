/**
 * The curriculum as data: every module loads and fits the demo site; a broken module file is
 * reported at file:line:column with a fix; `phare validate` knows module files.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/config/problem.ts';
import { validateFiles } from '../../src/config/validate.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { defaultModulesDir, loadCurriculum, loadModuleDir } from '../../src/curriculum/load-module.ts';
import { checkModuleAgainstSite, missingModulePoints } from '../../src/curriculum/module-site-check.ts';
import { siteFacts } from '../../src/scenario/validate-scenario.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A copy of module 03-dali whose exercises.yaml is `edit`ed. */
function brokenDali(edit: (text: string) => string): string {
  const root = tempDir('phare-curriculum-');
  dirs.push(root);
  const dir = join(root, '03-dali');
  cpSync(join(defaultModulesDir, '03-dali'), dir, { recursive: true });
  const file = join(dir, 'exercises.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

function lineOf(dir: string, text: string): number {
  return (
    readFileSync(join(dir, 'exercises.yaml'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}

describe('curriculum modules', () => {
  const { modules, problems } = loadCurriculum();
  const facts = siteFacts(loadSiteOrThrow(DEMO_SITE));

  it('has seven modules numbered 1 to 7 that load without problems, prerequisites first', () => {
    expect(problems.map(formatProblem)).toEqual([]);
    expect(modules.map((m) => m.module.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const m of modules) {
      expect(m.module.title.en.length, m.folder).toBeGreaterThan(0);
      expect(m.exercises.length, m.folder).toBeGreaterThan(0);
    }
  });

  it('gives safety notes to every module that writes to live kit', () => {
    for (const m of modules)
      if (m.module.start.length > 0) expect(m.module.safety.length, m.folder).toBeGreaterThan(0);
  });

  for (const m of modules) {
    const missing = missingModulePoints(m, facts);
    if (missing.length > 0)
      console.warn(
        `curriculum ${m.folder}: site check skipped, the demo site has no point ${missing.join(', ')}`,
      );
    it.skipIf(missing.length > 0)(
      `${m.folder} fits the demo site: its points exist, start writes are within limits, checks compile`,
      () => {
        expect(checkModuleAgainstSite(m, facts).map(formatProblem)).toEqual([]);
      },
    );
  }

  it('is accepted by phare validate, file by file', () => {
    const files = modules.flatMap((m) => [join(m.dir, 'module.yaml'), join(m.dir, 'exercises.yaml')]);
    const report = validateFiles(files);
    expect(report.files.flatMap((f) => f.problems).map(formatProblem)).toEqual([]);
    expect(new Set(report.files.map((f) => f.kind))).toEqual(
      new Set(['curriculum-module', 'curriculum-exercises']),
    );
  });
});

describe('broken module files', () => {
  const facts = siteFacts(loadSiteOrThrow(DEMO_SITE));

  it('names a misspelt condition key at its line, with the key meant', () => {
    const dir = brokenDali((t) =>
      t.replace('      - audit: { point: street.group1.level', '      - audti: { point: street.group1.level'),
    );
    const result = loadModuleDir(dir);
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.problems.map(formatProblem);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `exercises\\.yaml:${lineOf(dir, 'audti:')}:9: unknown key "audti" .*did you mean "audit"\\?`,
        ),
      ),
    ]);
  });

  it('refuses a condition with two kinds', () => {
    const dir = brokenDali((t) =>
      t.replace(
        '      - that: street.lamp06.level >= 95',
        '      - run: { scenario: x }\n        that: street.lamp06.level >= 95',
      ),
    );
    const result = loadModuleDir(dir);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toContainEqual(
      expect.stringContaining('exactly one kind, this one has that and run'),
    );
  });

  it('places an unknown point in a check at its character, with the nearest point id', () => {
    const dir = brokenDali((t) =>
      t.replace('street.lamp06.level >= 95 && street.lamp10', 'street.lamp06.lvel >= 95 && street.lamp10'),
    );
    const loaded = loadModuleDir(dir);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const problems = checkModuleAgainstSite(loaded.value, facts);
    expect(problems).toHaveLength(1);
    const line = lineOf(dir, 'lamp06.lvel');
    const column =
      readFileSync(join(dir, 'exercises.yaml'), 'utf8').split('\n')[line - 1]!.indexOf('street.lamp06.lvel') +
      1;
    expect(formatProblem(problems[0]!)).toBe(
      `${problems[0]!.file}:${line}:${column}: unknown name street.lamp06.lvel: not a point of this site nor a variable of the scenario — did you mean street.lamp06.level?`,
    );
  });

  it('refuses a check that reads a write-only group level', () => {
    const dir = brokenDali((t) =>
      t.replace(
        'that: street.lamp06.level >= 95 && street.lamp10.level >= 95',
        'that: street.group2.level >= 95',
      ),
    );
    const loaded = loadModuleDir(dir);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    expect(checkModuleAgainstSite(loaded.value, facts).map((p) => p.message)).toEqual([
      'point street.group2.level is write-only: a check cannot read its live value',
    ]);
  });

  it('says when the folder number and the module number disagree', () => {
    const dir = brokenDali((t) => t);
    const moduleFile = join(dir, 'module.yaml');
    writeFileSync(moduleFile, readFileSync(moduleFile, 'utf8').replace('number: 3', 'number: 4'));
    const result = loadModuleDir(dir);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toContainEqual(
      expect.stringMatching(
        /module\.yaml:\d+:9: number 4 does not match the folder name "03-dali" — name the folder 04-<topic>/,
      ),
    );
  });
});

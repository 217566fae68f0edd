import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/config/problem.ts';
import { validateFiles } from '../../src/config/validate.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { listLibrary } from '../../src/scenario/library.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { validateScenario } from '../../src/scenario/validate-scenario.ts';
import { readYaml } from '../../src/config/yaml-source.ts';
import { parseScenario } from '../../src/scenario/load-scenario.ts';
import { writeFileSync } from 'node:fs';
import { removeDir, tempDir } from '../support/harness.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const site = loadSiteOrThrow(DEMO_SITE);
const problemsOf = (name: string) => validateScenario(fixture(name), site);

describe('scenario validation against the demo site', () => {
  it('names an unknown point at its line and column, with the nearest point id', () => {
    const problems = problemsOf('unknown-point.yaml');
    expect(problems.map((p) => [p.line, p.column, p.hint])).toEqual([
      [8, 19, 'did you mean street.lamp03.level?'],
      [10, 13, 'did you mean street.lamp01.level?'],
    ]);
    expect(problems[0]!.message).toBe('no point street.lamp3.level on this site');
    expect(formatProblem(problems[1]!)).toMatch(
      /unknown-point\.yaml:10:13: unknown name street\.lamp01\.levle/,
    );
  });

  it('places a condition that does not parse at the character where the parser stopped', () => {
    const problems = problemsOf('bad-condition.yaml');
    // Line 9 is `      until: street.lamp01.level >= `: the value starts at column 14, the
    // parser stops after ">=" (index 22). Line 12 is quoted: the quote shifts by one.
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [9, 36],
      [12, 34],
    ]);
    expect(problems[0]!.message).toMatch(/does not parse: Expected expression after >=/);
    expect(problems[1]!.message).toBe('operator >> is not allowed');
  });

  it('names a baseline that points at a step which is not a capture, or at no step', () => {
    const problems = problemsOf('bad-baseline.yaml');
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [11, 16, 'step "before-step" is not a capture step'],
      [12, 15, 'no step with id "no-such-step"'],
    ]);
  });

  it('refuses values beyond the profile limits and writes to read-only points', () => {
    const problems = problemsOf('above-limit.yaml');
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [14, 47],
      [15, 46],
      [16, 19],
    ]);
    expect(problems[0]!.message).toBe(
      '150 % is outside the safe limits of street.group1.level, 0–100 (profile hms/intesis-dali-modbus)',
    );
    // A value computed from variables only is known before the run: checked the same way.
    expect(problems[1]!.message).toMatch(/^120 % is outside the safe limits of street\.lamp02\.level/);
    expect(problems[2]!.message).toBe(
      'point street.lamp07.lampFailure is read-only: a scenario cannot set it',
    );
  });

  it('accepts every scenario of the library', () => {
    const library = listLibrary();
    expect(library.map((e) => e.id)).toEqual(expect.arrayContaining(['lamp-failure', 'night-dimming']));
    for (const entry of library) expect(validateScenario(entry.file, site), entry.file).toEqual([]);
  });

  it('is part of phare validate: a scenario file is told by its schema key', () => {
    const report = validateFiles([fixture('bad-condition.yaml'), listLibrary()[0]!.file]);
    expect(report.files.map((f) => [f.kind, f.ok])).toEqual([
      ['scenario', false],
      ['scenario', true],
    ]);
    expect(report.files[0]!.problems.map((p) => p.line)).toEqual([9, 12]);
  });

  it('says "did you mean" for a misspelt step kind, once', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'typo.yaml');
      writeFileSync(
        file,
        [
          'schema: phare/scenario@1',
          'id: typo',
          'title: { fr: a, en: a }',
          'summary: { fr: a, en: a }',
          'workstreams: [lighting]',
          'expectedDurationS: 1',
          'steps:',
          '  - sett: { point: street.group1.level, value: 3 }',
          '  - wait: { duration: 2 seconds }',
        ].join('\n'),
      );
      const read = readYaml(file);
      if (!read.ok) throw new Error('unreadable');
      const parsed = parseScenario(read.value);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.problems.map((p) => [p.line, p.column, p.message, p.hint])).toEqual([
        [8, 5, 'unknown key "sett" in steps[0]', 'did you mean "set"?'],
        [
          9,
          23,
          'steps[1].wait.duration: expected a duration such as 500ms, 2s, 1.5m or 1h, got the string "2 seconds"',
          undefined,
        ],
      ]);
      expect(loadScenario(join(dir, 'missing.yaml')).ok).toBe(false);
    } finally {
      removeDir(dir);
    }
  });
});

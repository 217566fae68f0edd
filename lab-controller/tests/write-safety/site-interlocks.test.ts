/**
 * Interlocks and write rates in the site file (config/schema/write-safety.ts,
 * config/write-safety-checks.ts): checked against the site's own points when it loads, every
 * problem at file:line:column with the fix, as `phare validate` shows it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../src/config/load-site.ts';
import { repoRoot } from '../../src/config/paths.ts';
import { formatProblem, type Problem } from '../../src/config/problem.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const head = `schema: phare/site@1
id: interlock-test
name: { fr: Essai, en: Test }
plan:
  width: 100
  height: 100
  anchor: { lat: 45.75, lon: 4.83, bearing: 0 }
devices:
  - id: school
    name: { fr: École, en: School }
    profile: phare/building-sim-opcua
    position: { x: 10, y: 10 }
    workstreams: [building]
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('phare-interlocks-');
});
afterAll(() => removeDir(dir));

function load(name: string, body: string): { text: string; problems: Problem[]; file: string } {
  const file = join(dir, `${name}.yaml`);
  const text = head + body;
  writeFileSync(file, text);
  const result = loadSite(file);
  return { text, file, problems: result.ok ? [] : result.problems };
}

/** 1-based line and column of the first `needle` at or after `after` in the text. */
function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const index = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (index < 0) throw new Error(`${needle} not in the text`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe('interlocks in a site file', () => {
  it('loads the demo site with its window interlocks on the school', () => {
    const result = loadSite(join(repoRoot, 'hardware/sites/demo.yaml'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.site.interlocks.map((i) => [i.id, i.forbid])).toEqual([
      ['no-heating-with-window-open-cp', { points: 'school.zone1.setpoint', above: 21 }],
      ['no-heating-with-window-open-cm2', { points: 'school.zone2.setpoint', above: 21 }],
    ]);
    expect(result.value.site.writeRate).toEqual({ perSecond: 5, burst: 5, points: [] });
  });

  it('points at the misspelt point inside the condition, with the nearest point id', () => {
    const { text, file, problems } = load(
      'typo',
      `interlocks:
  - id: window
    when: 'point("school.zone1.window-opn") == true'
    forbid: { points: school.zone1.setpoint, above: 21 }
    message: { fr: Fenêtre ouverte, en: Window open }
`,
    );
    const at = positionOf(text, 'school.zone1.window-opn');
    expect(problems.map(formatProblem)).toEqual([
      `${file}:${at.line}:${at.column}: interlock window: unknown name school.zone1.window-opn: not a point of this site — did you mean school.zone1.window-open?`,
    ]);
  });

  it('reports a condition that does not parse at the place jsep stopped', () => {
    const { text, file, problems } = load(
      'syntax',
      `interlocks:
  - id: window
    when: school.zone1.co2 > 
    forbid: { points: school.zone1.setpoint }
    message: { fr: Air vicié, en: Stale air }
`,
    );
    expect(problems).toHaveLength(1);
    const problem = problems[0]!;
    expect(problem.message).toMatch(/^interlock window: expression does not parse: /);
    expect(problem.path).toEqual(['interlocks', 0, 'when']);
    expect(`${problem.file}:${problem.line}`).toBe(`${file}:${positionOf(text, 'school.zone1.co2').line}`);
    expect(problem.column).toBeGreaterThan(positionOf(text, 'school.zone1.co2').column);
  });

  it('refuses patterns that match no point, a duplicate id and read-only targets', () => {
    const { text, file, problems } = load(
      'targets',
      `interlocks:
  - id: no-heat
    when: 'point("school.outdoor-temperature") > 25'
    forbid: { points: [school.zone*.setpoint, school.zone9.setpont], above: 21 }
    message: { fr: Trop chaud, en: Too hot }
  - id: no-heat
    when: 'point("school.outdoor-temperature") > 25'
    forbid: { points: school.zone1.temperature }
    message: { fr: Lecture seule, en: Read only }
writeRate:
  points:
    - { points: street.*.level, perSecond: 1 }
`,
    );
    const shown = problems.map(formatProblem);
    const pattern = positionOf(text, 'school.zone9.setpont');
    const duplicate = positionOf(text, 'no-heat', 'Trop chaud');
    const readOnly = positionOf(text, 'school.zone1.temperature');
    const rate = positionOf(text, 'street.*.level');
    expect(shown).toEqual([
      `${file}:${pattern.line}:${pattern.column}: interlock no-heat: "school.zone9.setpont" matches no point of this site — did you mean school.zone1.setpoint?`,
      `${file}:${duplicate.line}:${duplicate.column}: duplicate interlock id "no-heat" (see line ${positionOf(text, 'no-heat').line}, column ${positionOf(text, 'no-heat').column}) — each interlock id must be unique`,
      `${file}:${readOnly.line}:${readOnly.column}: interlock no-heat forbids writes to read-only school.zone1.temperature — name the writable points the condition must protect (a setpoint, a level)`,
      expect.stringMatching(
        new RegExp(
          `^${file}:${rate.line}:${rate.column}: writeRate: "street\\.\\*\\.level" matches no point of this site`,
        ),
      ),
    ]);
  });

  it('refuses unknown keys and wrong types in an interlock as the schema does elsewhere', () => {
    const { problems } = load(
      'shape',
      `interlocks:
  - id: window
    when: school.zone1.occupancy == true
    forbid: { point: school.zone1.setpoint, above: "21" }
    message: { fr: Occupé }
`,
    );
    const messages = problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('\n');
    expect(messages).toMatch(/interlocks\.0\.forbid.*point/);
    expect(messages).toMatch(/interlocks\.0\.forbid\.above/);
    expect(messages).toMatch(/interlocks\.0\.message/);
    expect(problems.every((p) => p.line > 0 && p.column > 0)).toBe(true);
  });
});

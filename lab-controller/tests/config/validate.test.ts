import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { detectFileKind } from '../../src/config/file-kind.ts';
import { loadProfile } from '../../src/config/load-profile.ts';
import { defaultProfilesDir, repoRoot } from '../../src/config/paths.ts';
import { valueOrThrow } from '../../src/config/problem.ts';
import { formatValidationReport, validateFiles } from '../../src/config/validate.ts';
import { fixture, fixtureProfilesDir, shown } from './fixture-paths.ts';

const demo = join(repoRoot, 'hardware/sites/demo.yaml');
const intesis = join(defaultProfilesDir, 'hms/intesis-dali-modbus.yaml');

describe('validateFiles (phare validate FILE...)', () => {
  it('tells profiles from sites by their schema: key', () => {
    expect(detectFileKind(demo)).toBe('site');
    expect(detectFileKind(intesis)).toBe('profile');
    expect(detectFileKind(fixture('bad-profiles/bad/alias-bomb.yaml'))).toBeUndefined();
  });

  it('checks every file and reports all problems of each, ok only when all are valid', () => {
    const report = validateFiles(
      [demo, intesis, fixture('bad-profiles/bad/wrong-type.yaml'), fixture('sites/undeclared-group.yaml')],
      { profilesDir: fixtureProfilesDir },
    );
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => [f.kind, f.ok, f.problems.length])).toEqual([
      ['site', false, 8], // the demo's 8 profiles are not in the fixture profiles folder
      ['profile', true, 0],
      ['profile', false, 1],
      ['site', false, 1],
    ]);
    expect(report.files[0]?.problems.map((p) => p.message)).toEqual([
      'no profile "hms/intesis-dali-modbus"',
      'no profile "bacmove/dalion-modbus-tcp"',
      'no profile "phare/building-sim-opcua"',
      'no profile "phare/building-water-meter"',
      'no profile "campbell/cs451"',
      'no profile "phare/water-quality-probe"',
      'no profile "maxbotix/hrxl-maxsonar-wr"',
      'no profile "arduino/maquette-uno"',
    ]);
  });

  it('returns plain data for --json, with the position and path of each problem', () => {
    const report = validateFiles([fixture('bad-profiles/bad/unknown-key.yaml')]);
    expect(JSON.parse(JSON.stringify(report))).toEqual({
      ok: false,
      files: [
        {
          file: shown(fixture('bad-profiles/bad/unknown-key.yaml')),
          kind: 'profile',
          ok: false,
          problems: [
            {
              file: shown(fixture('bad-profiles/bad/unknown-key.yaml')),
              line: 12,
              column: 3,
              message: 'unknown key "pollIntervall" in connection',
              hint: 'did you mean "pollIntervalMs"?',
              path: ['connection', 'pollIntervall'],
            },
          ],
        },
      ],
    });
  });

  it('prints one line per problem and a summary', () => {
    const report = validateFiles([intesis, fixture('bad-profiles/bad/missing-key.yaml')]);
    expect(formatValidationReport(report).split('\n')).toEqual([
      `${shown(intesis)}: ok (profile)`,
      `${shown(fixture('bad-profiles/bad/missing-key.yaml'))}:9:1: missing required key "timeoutMs" in connection — add timeoutMs: a number`,
      '1 of 2 files invalid, 1 problem',
    ]);
  });

  it('reports files it cannot classify instead of guessing', () => {
    const report = validateFiles([
      fixture('bad-profiles/bad/alias-bomb.yaml'),
      join(repoRoot, 'package.json'),
    ]);
    expect(report.files.map((f) => f.problems[0]?.message)).toEqual([
      expect.stringContaining('too many YAML aliases'),
      'no "schema:" key: cannot tell what kind of file this is',
    ]);
  });

  it('throws ConfigInvalid listing every problem for callers that want an exception', () => {
    const result = loadProfile(fixture('bad-profiles/bad/wrong-type.yaml'));
    expect(() => valueOrThrow(result)).toThrow(ConfigInvalid);
    expect(() => valueOrThrow(result)).toThrow(/11:14: connection\.timeoutMs: expected a number/);
    expect(valueOrThrow(loadProfile(intesis)).id).toBe('hms/intesis-dali-modbus');
  });
});

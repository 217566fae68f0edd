/**
 * Rules a JSON Schema cannot express, each shown on a copy of a valid fixture with one change.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/config/load-profile.ts';
import { loadSite } from '../../src/config/load-site.ts';
import type { Problem, Result } from '../../src/config/problem.ts';
import { fixture, fixtureProfilesDir } from './fixture-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'phare-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `from` with one text replaced (under acme/ so that profile ids still match) and returns the path. */
function variant(from: string, name: string, search: string, replace: string): string {
  const text = readFileSync(fixture(from), 'utf8');
  expect(text).toContain(search);
  const path = join(dir, 'acme', `${name}.yaml`);
  mkdirSync(join(dir, 'acme'), { recursive: true });
  writeFileSync(path, text.replace(search, replace).replace(/^id: acme\/[a-z-]+$/m, `id: acme/${name}`));
  return path;
}

function only(result: Result<unknown>): Pick<Problem, 'line' | 'message' | 'hint'> {
  expect(result.ok).toBe(false);
  const problems = result.ok ? [] : result.problems;
  expect(problems).toHaveLength(1);
  const { line, message, hint } = problems[0]!;
  return { line, message, ...(hint ? { hint } : {}) };
}

const meter = 'profiles/acme/energy-meter.yaml';
const site = 'sites/good.yaml';

describe('profile rules beyond the shape', () => {
  it('requires a cited source to be a key of sources, suggesting the nearest', () => {
    const path = variant(meter, 'bad-source', 'source: datasheet p.5', 'source: datasheat p.5');
    expect(only(loadProfile(path))).toEqual({
      line: 50,
      message: 'points[2].source: source "datasheat" is not a key of sources',
      hint: 'did you mean "datasheet"?',
    });
  });

  it('requires safe limits to lie within the range', () => {
    const path = variant(
      meter,
      'bad-limits',
      'limits: { min: 0, max: 5000 }',
      'limits: { min: 0, max: 20000 }',
    );
    expect(only(loadProfile(path))).toEqual({
      line: 60,
      message: 'points[3].limits: limits 0–20000 lie outside range 0–10000',
      hint: 'safe limits must lie within what the device can represent',
    });
  });

  it('refuses a point inside a forbidden range', () => {
    const path = variant(meter, 'bad-forbidden', 'address: 10', 'address: 150');
    expect(only(loadProfile(path)).message).toBe(
      'points[3].address: holding 150 lies in forbidden range 100–199',
    );
  });

  it('refuses a poll group the connection does not declare', () => {
    const path = variant(meter, 'bad-group', 'pollGroup: slow', 'pollGroup: slw');
    expect(only(loadProfile(path))).toMatchObject({
      message: 'points[1].pollGroup: poll group "slw" is not in connection.pollGroups',
      hint: 'did you mean "slow"?',
    });
  });

  it('refuses a section that does not belong to the kind', () => {
    const path = variant(
      'profiles/acme/dali-gateway.yaml',
      'wrong-kind',
      'kind: dali-gateway',
      'kind: modbus-device',
    );
    const result = loadProfile(path);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      'kind: a modbus-device profile needs a "points" section',
      'dali: "dali" does not belong in a modbus-device profile',
    ]);
  });

  it('suggests the nearest value of an enumeration', () => {
    const path = variant(meter, 'bad-type', 'type: float32', 'type: float');
    expect(only(loadProfile(path))).toMatchObject({
      message:
        'points[0].type: "float" is not one of "int16", "uint16", "int32", "uint32", "float32", "bool", "bitmap16"',
    });
  });
});

describe('site rules beyond the shape', () => {
  const load = (path: string): Result<unknown> => loadSite(path, { profilesDir: fixtureProfilesDir });

  it('refuses a position outside the plan (an error: the twin could not draw it)', () => {
    const path = variant(site, 'outside', 'position: { x: 20, y: 10 }', 'position: { x: 20, y: 100 }');
    expect(only(load(path))).toEqual({
      line: 22,
      message:
        'devices[0].dali.luminaires[1].position: luminaire lamp02 at (20, 100) lies outside the plan (0–50 × 0–20 m)',
      hint: 'positions are metres from the plan origin, x east, y north',
    });
  });

  it('requires a dali section exactly when the profile is a DALI gateway', () => {
    const path = variant(site, 'no-dali', 'profile: acme/energy-meter', 'profile: acme/dali-gateway');
    expect(only(load(path))).toEqual({
      line: 25,
      message: 'acme/dali-gateway is a DALI gateway: device meter needs a "dali" section',
      hint: 'add dali: { line, groups, luminaires }',
    });
  });

  it('refuses duplicate device ids, with the first position', () => {
    const path = variant(site, 'dup-device', 'id: meter', 'id: gateway');
    expect(only(load(path)).message).toBe(
      'devices[1].id: duplicate device id "gateway" (first at line 9, column 9)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/config/load-profile.ts';
import { formatProblem } from '../../src/config/problem.ts';
import { fixture, shown } from './fixture-paths.ts';

function problems(name: string): string[] {
  const result = loadProfile(fixture(`bad-profiles/bad/${name}.yaml`));
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map(formatProblem);
}

const at = (name: string, rest: string): string =>
  `${shown(fixture(`bad-profiles/bad/${name}.yaml`))}:${rest}`;

describe('profile problems point at file:line:column with the fix', () => {
  it('suggests the nearest valid key for an unknown one, and does not also report it missing', () => {
    expect(problems('unknown-key')).toEqual([
      at('unknown-key', '12:3: unknown key "pollIntervall" in connection — did you mean "pollIntervalMs"?'),
    ]);
  });

  it('names the expected type and the value found', () => {
    expect(problems('wrong-type')).toEqual([
      at('wrong-type', '11:14: connection.timeoutMs: expected a number, got the string "fast"'),
    ]);
  });

  it('reports a missing required key at the key of the map that lacks it', () => {
    expect(problems('missing-key')).toEqual([
      at('missing-key', '9:1: missing required key "timeoutMs" in connection — add timeoutMs: a number'),
    ]);
  });

  it('reports a duplicate point id at the second occurrence with the position of the first', () => {
    expect(problems('duplicate-point')).toEqual([
      at(
        'duplicate-point',
        '23:9: points[1].id: duplicate point id "temperature" (first at line 14, column 9) — each point id must be unique',
      ),
    ]);
  });

  it('passes the endpoint parser error through, at the endpoint value', () => {
    expect(problems('bad-endpoint')).toEqual([
      at(
        'bad-endpoint',
        '10:13: connection.endpoint: Endpoint "modbus-tpc://127.0.0.1:502?unit=1": unknown scheme "modbus-tpc"; known: modbus-tcp, modbus-rtu, modbus-rtu-tcp, opc.tcp, sdi12, serial-tcp, serial, firmata',
      ),
    ]);
  });

  it('refuses an alias bomb at its first alias instead of expanding it', () => {
    expect(problems('alias-bomb')).toEqual([
      at(
        'alias-bomb',
        '5:8: too many YAML aliases (more than 100 resolved): refusing a file that expands exponentially — write the values out instead of nesting aliases',
      ),
    ]);
  });
});

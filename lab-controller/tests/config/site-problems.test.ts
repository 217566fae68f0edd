import { describe, expect, it } from 'vitest';
import { loadSite } from '../../src/config/load-site.ts';
import { formatProblem } from '../../src/config/problem.ts';
import { fixture, fixtureProfilesDir, shown } from './fixture-paths.ts';

function problems(name: string): string[] {
  const result = loadSite(fixture(`sites/${name}.yaml`), { profilesDir: fixtureProfilesDir });
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map(formatProblem);
}

const at = (name: string, rest: string): string => `${shown(fixture(`sites/${name}.yaml`))}:${rest}`;

describe('site problems point at file:line:column with the fix', () => {
  it('names an unknown profile with the known ones and the nearest', () => {
    expect(problems('missing-profile')).toEqual([
      at(
        'missing-profile',
        '25:14: no profile "acme/energy" — known profiles: acme/dali-gateway, acme/energy-meter; nearest: acme/energy-meter',
      ),
    ]);
  });

  it('refuses two luminaires with one short address, showing both positions', () => {
    expect(problems('duplicate-short-address')).toEqual([
      at(
        'duplicate-short-address',
        '22:39: devices[0].dali.luminaires[1].shortAddress: duplicate short address 0 (first at line 21, column 39) — each short address must be unique',
      ),
    ]);
  });

  it('refuses a luminaire in a group the gateway does not declare', () => {
    expect(problems('undeclared-group')).toEqual([
      at(
        'undeclared-group',
        '22:51: devices[0].dali.luminaires[1].groups[0]: luminaire lamp02 is in group 2, which dali.groups does not declare — declare it: - { number: 2, name: { fr: …, en: … } } (declared: 1)',
      ),
    ]);
  });

  it('refuses a Modbus endpoint without a unit id', () => {
    expect(problems('bad-endpoint')).toEqual([
      at(
        'bad-endpoint',
        '12:15: devices[0].endpoint: endpoint "modbus-tcp://127.0.0.1:15020": a Modbus endpoint needs the unit id: add ?unit=N — for example modbus-tcp://127.0.0.1:502?unit=1',
      ),
    ]);
  });

  it('refuses two devices with the same unit id on one connection, showing both', () => {
    expect(problems('shared-unit')).toEqual([
      at(
        'shared-unit',
        '30:14: device meter2 and device meter share serial:/dev/ttyUSB0 with the same unit id 5 (see line 25, column 14) — give each device on a connection its own ?unit=N',
      ),
    ]);
  });
});

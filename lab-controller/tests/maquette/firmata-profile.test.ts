/**
 * The `firmata-board` kind of the profile schema: the shipped maquette profile loads into the
 * components the Firmata driver consumes, and mistakes in a copy of it are reported at their
 * file:line:column with the fix, like every other kind.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkComponents } from '@phare/device-drivers/firmata/index.ts';
import { loadProfile } from '../../src/config/load-profile.ts';
import { defaultProfilesDir, repoRoot } from '../../src/config/paths.ts';
import { formatProblem, valueOrThrow } from '../../src/config/problem.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const SHIPPED = join(defaultProfilesDir, 'arduino/maquette-uno.yaml');
const dir = tempDir('phare-firmata-profile-');
afterAll(() => removeDir(dir));

/** Problems of a copy of the shipped profile with some text replaced, as `line:column: message`. */
function problemsAfter(...edits: [string, string][]): string[] {
  let text = readFileSync(SHIPPED, 'utf8');
  for (const [from, to] of edits) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  mkdirSync(join(dir, 'arduino'), { recursive: true });
  const file = join(dir, 'arduino/maquette-uno.yaml');
  writeFileSync(file, text);
  const result = loadProfile(file);
  return result.ok ? [] : result.problems.map((p) => formatProblem(p).slice(file.length + 1));
}

describe('firmata-board profiles', () => {
  it('loads the maquette profile into components the Firmata driver accepts', () => {
    const profile = valueOrThrow(loadProfile(SHIPPED));
    expect(profile).toMatchObject({ kind: 'firmata-board', protocol: 'firmata' });
    expect(profile.connection.endpoint).toMatchObject({
      scheme: 'firmata',
      serial: { baudRate: 57600, dataBits: 8, parity: 'none', stopBits: 1 },
    });
    const components = profile.components ?? [];
    expect(components.map((c) => [c.id, c.type, c.pin])).toEqual([
      ['lamp1', 'led', 3],
      ['lamp2', 'led', 5],
      ['lamp3', 'led', 6],
      ['motion', 'motion', 2],
      ['button', 'button', 4],
      ['floatSwitch', 'button', 7],
      ['pump', 'relay', 8],
      ['gate', 'servo', 9],
      ['level', 'sensor', 'A0'],
    ]);
    expect(() => checkComponents('maquette', components)).not.toThrow();
  });

  it('is a site device of the demo and of the maquette site', () => {
    for (const site of ['demo.yaml', 'maquette.yaml']) {
      const loaded = loadSiteOrThrow(join(repoRoot, 'hardware/sites', site));
      const device = loaded.site.devices.find((d) => d.id === 'maquette');
      expect(device?.profile, site).toBe('arduino/maquette-uno');
      expect(device?.endpoint.scheme, site).toBe('firmata');
    }
  });

  it('places pin mistakes at their line and column', () => {
    expect(problemsAfter(['pin: 6\n', 'pin: B6\n'], ['pin: A0', 'pin: 5'])).toEqual([
      '55:10: components[2].pin: an analog pin is A0–A5, got the string "B6"',
      '96:10: components[8].pin: duplicate pin "5" (first at line 47, column 10) — each pin must be unique',
      '96:10: components[8].pin: a sensor reads an analog pin, not pin 5 — pin: A0 (A0–A5)',
    ]);
    expect(problemsAfter(['    pin: 2\n', '    pin: A1\n'])).toEqual([
      '63:10: components[3].pin: a motion needs a digital pin number, not A1 — A0–A5 are analog inputs for sensors; as digital pins they are 14–19 on an Uno',
    ]);
  });

  it('refuses fields that do not belong to the type, and limits the board cannot be told', () => {
    expect(
      problemsAfter(
        ['    pin: 9\n', '    pin: 9\n    pwm: true\n'],
        ['limits: { min: 0, max: 90 }', 'limits: { min: 0, max: 200 }'],
        ['    pin: 8\n', '    pin: 8\n    threshold: 4\n'],
      ),
    ).toEqual([
      '82:16: components[6].threshold: "threshold" does not apply to a relay — it is for sensor',
      '90:10: components[7].pwm: "pwm" does not apply to a servo — it is for led',
      '93:13: components[7].limits: servo limits 0–200 lie outside 0–180° — safe limits must lie within what the board can be told',
    ]);
  });

  it('takes a serial device server endpoint only when it says the line carries Firmata', () => {
    const endpoint = 'endpoint: firmata:///dev/ttyACM0';
    expect(problemsAfter([endpoint, 'endpoint: serial-tcp://127.0.0.1:4010?protocol=firmata'])).toEqual([]);
    expect(problemsAfter([endpoint, 'endpoint: serial-tcp://127.0.0.1:4010'])).toEqual([
      '32:13: connection.endpoint: a Firmata board behind a serial device server needs ?protocol=firmata — serial-tcp://host:4010?protocol=firmata',
    ]);
  });

  it('lists the component types when one is unknown', () => {
    expect(problemsAfter(['    type: motion\n', '    type: pir\n'])).toEqual([
      '62:11: components[3].type: "pir" is not one of "led", "button", "motion", "sensor", "servo", "relay"',
    ]);
  });

  it('names a component given twice, a source that is not declared, and a wrong protocol', () => {
    expect(
      problemsAfter(
        ['- id: lamp2', '- id: lamp1'],
        ['source: hcsr501, output', 'source: hcsr50, output'],
        ['protocol: firmata', 'protocol: modbus'],
      ),
    ).toEqual([
      '12:11: protocol: a firmata-board speaks firmata, not modbus',
      '32:13: connection.endpoint: a modbus device cannot use a firmata endpoint — use one of modbus-tcp, modbus-rtu, modbus-rtu-tcp',
      '44:9: components[1].id: duplicate component id "lamp1" (first at line 36, column 9) — each component id must be unique',
      '64:13: components[3].source: source "hcsr50" is not a key of sources — did you mean "hcsr501"?',
    ]);
  });
});

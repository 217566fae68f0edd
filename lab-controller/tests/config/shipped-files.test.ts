import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/config/load-profile.ts';
import { listProfileIds, loadSite } from '../../src/config/load-site.ts';
import { defaultProfilesDir, repoRoot } from '../../src/config/paths.ts';
import { formatProblem, type Result } from '../../src/config/problem.ts';
import { fixture, fixtureProfilesDir } from './fixture-paths.ts';

function problemsOf(result: Result<unknown>): string[] {
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('shipped data files', () => {
  it('every profile under hardware/profiles loads without a problem', () => {
    const ids = listProfileIds(defaultProfilesDir);
    expect(ids).toEqual(expect.arrayContaining(['hms/intesis-dali-modbus', 'bacmove/dalion-modbus-tcp']));
    for (const id of ids) expect(problemsOf(loadProfile(join(defaultProfilesDir, `${id}.yaml`)))).toEqual([]);
  });

  it('every site under hardware/sites loads with its profiles', () => {
    const sitesDir = join(repoRoot, 'hardware/sites');
    for (const name of readdirSync(sitesDir).filter((n) => n.endsWith('.yaml')))
      expect(problemsOf(loadSite(join(sitesDir, name)))).toEqual([]);
  });

  it('parses the Intesis profile into the gateway map the DALI adapter consumes', () => {
    const result = loadProfile(join(defaultProfilesDir, 'hms/intesis-dali-modbus.yaml'));
    if (!result.ok) throw new Error(problemsOf(result).join('\n'));
    const profile = result.value;
    expect(profile.kind).toBe('dali-gateway');
    expect(profile.connection.endpoint).toMatchObject({
      scheme: 'modbus-tcp',
      location: { kind: 'tcp', host: '127.0.0.1', port: 502 },
      params: { unit: '1' },
    });
    expect(profile.connection.forbiddenRanges).toEqual([]);
    expect(profile.dali?.gear).toMatchObject({ base: 0, perLine: 7000, perInstance: 100 });
    expect(profile.dali?.gear.signals.level).toEqual({ offset: 15, access: 'readwrite' });
    expect(profile.dali?.broadcast?.signals.scene).toEqual({ offset: 5, access: 'write' });
    expect(profile.dali?.limits.level).toEqual({ min: 0, max: 100 });
  });

  it('resolves the demo site: endpoints parsed, unit ids from the endpoint, profiles by id', () => {
    const result = loadSite(join(repoRoot, 'hardware/sites/demo.yaml'));
    if (!result.ok) throw new Error(problemsOf(result).join('\n'));
    const { site, profiles, siteFile } = result.value;
    expect(siteFile).toBe(join(repoRoot, 'hardware/sites/demo.yaml'));
    expect([...profiles.keys()].sort()).toEqual([
      'arduino/maquette-uno',
      'bacmove/dalion-modbus-tcp',
      'campbell/cs451',
      'hms/intesis-dali-modbus',
      'maxbotix/hrxl-maxsonar-wr',
      'phare/building-sim-opcua',
      'phare/building-water-meter',
      'phare/water-quality-probe',
    ]);
    expect(site.devices.map((d) => [d.id, d.endpoint.connectionKey, d.unitId])).toEqual([
      ['street', 'modbus-tcp://127.0.0.1:15020', 1],
      ['park', 'modbus-tcp://127.0.0.1:15021', 1],
      ['school', 'opc.tcp://127.0.0.1:14840', undefined],
      ['school-water', 'serial:/tmp/phare-demo/ttyMeter', 1],
      ['river', 'serial:/tmp/phare-demo/ttyRiver', undefined],
      ['river-quality', 'serial:/tmp/phare-demo/ttyQuality', 1],
      ['basin', 'serial:/tmp/phare-demo/ttyBasin', undefined],
      ['maquette', 'serial:/tmp/phare-demo/ttyMaquette', undefined],
    ]);
    expect(site.devices.find((d) => d.id === 'school')?.building?.zones).toHaveLength(5);
    expect(site.vigilance).toEqual([
      { point: 'river.level', thresholds: { yellow: 0.8, orange: 1.3, red: 1.8 }, hysteresis: 0.1 },
    ]);
    const street = site.devices[0]!;
    expect(street.dali?.luminaires).toHaveLength(12);
    expect(street.dali?.groups.map((g) => g.number)).toEqual([1, 2, 3]);
    expect(site.plan.zones.map((z) => z.id)).toEqual([
      'road',
      'sidewalk-north',
      'sidewalk-south',
      'park',
      'river',
      'basin',
      'school',
      'maquette-street',
      'maquette-basin',
    ]);
  });

  it('reads a Modbus device profile into point definitions with defaults applied', () => {
    const result = loadProfile(join(fixtureProfilesDir, 'acme/energy-meter.yaml'));
    if (!result.ok) throw new Error(problemsOf(result).join('\n'));
    const { points, connection } = result.value;
    expect(connection.endpoint.serial).toEqual({ baudRate: 9600, parity: 'none', dataBits: 8, stopBits: 1 });
    expect(points?.map((p) => p.id)).toEqual(['power', 'energy', 'relay', 'powerLimit']);
    expect(points?.[1]).toMatchObject({
      table: 'input',
      address: 2,
      type: 'uint32',
      scale: 0.01,
      pollGroup: 'slow',
    });
    expect(points?.[3]?.limits).toEqual({ min: 0, max: 5000 });
  });

  it('takes the endpoint of the profile when a site device names none', () => {
    const result = loadSite(fixture('sites/good.yaml'), { profilesDir: fixtureProfilesDir });
    if (!result.ok) throw new Error(problemsOf(result).join('\n'));
    const meter = result.value.site.devices.find((d) => d.id === 'meter');
    expect(meter?.endpoint.uri).toBe('modbus-rtu:///dev/ttyUSB0?baud=9600&parity=none&unit=5');
    expect(meter?.unitId).toBe(5);
  });
});

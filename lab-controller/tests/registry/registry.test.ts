import { describe, expect, it } from 'vitest';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { EventBus } from '../../src/bus/event-bus.ts';
import { createCoordinator } from '../../src/coordinator/coordinator.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { Registry, type CoordinatorFactory } from '../../src/registry/registry.ts';
import type { LoadedSiteInput } from '../../src/registry/site-input.ts';

function demo(): LoadedSiteInput {
  return loadSiteOrThrow(DEMO_SITE);
}

/** The real coordinator factory, recording which devices each connection got. */
function recordingFactory(seen: Map<string, string[]>): CoordinatorFactory {
  return (options) => {
    seen.set(
      options.connectionKey,
      options.devices.map((d) => d.id),
    );
    return createCoordinator(options);
  };
}

describe('registry', () => {
  it('builds PointMeta for every point with the profile limits, labels and the driver range', () => {
    const registry = new Registry(demo(), { bus: new EventBus(), logger: silentLogger });
    const level = registry.meta('street.lamp03.level')!;
    expect(level).toMatchObject({
      device: 'street',
      unit: '%',
      type: 'number',
      readable: true,
      writable: true,
      range: { min: 0, max: 100 },
      limits: { min: 0, max: 100 },
    });
    expect(level.label?.fr).toContain('lamp03');
    expect(registry.meta('street.group1.level')).toMatchObject({
      writable: true,
      readable: false,
      limits: { max: 100 },
    });
    expect(registry.meta('street.group1.level')!.label?.en).toContain('North side');
    expect(registry.meta('street.lamp03.status')?.writable).toBe(false);
    // 12 + 4 luminaires, each with a level.
    expect(registry.allMeta().filter((m) => /\.(lamp|bollard)\d+\.level$/.test(m.id))).toHaveLength(16);
  });

  it('starts every point offline with no value: nothing stored is replayed to devices', () => {
    const registry = new Registry(demo(), { bus: new EventBus(), logger: silentLogger });
    for (const s of registry.snapshots()) expect(s.state).toMatchObject({ value: null, quality: 'offline' });
  });

  it('builds one coordinator per connection, shared by devices behind the same gateway port', () => {
    const loaded = demo();
    const street = loaded.site.devices.find((d) => d.id === 'street')!;
    // A second gateway unit on the street connection (same host and port, unit 2).
    const sibling = {
      ...street,
      id: 'street2',
      endpoint: parseEndpoint('modbus-tcp://127.0.0.1:15020?unit=2'),
      unitId: 2,
    };
    const site = { ...loaded, site: { ...loaded.site, devices: [...loaded.site.devices, sibling] } };
    const seen = new Map<string, string[]>();
    const registry = new Registry(site, {
      bus: new EventBus(),
      logger: silentLogger,
      createCoordinator: recordingFactory(seen),
    });
    expect(Object.fromEntries(seen)).toEqual({
      'modbus-tcp://127.0.0.1:15020': ['street', 'street2'],
      'modbus-tcp://127.0.0.1:15021': ['park'],
      'opc.tcp://127.0.0.1:14840': ['school'],
      'serial:/tmp/phare-demo/ttyMeter': ['school-water'],
      'serial:/tmp/phare-demo/ttyRiver': ['river'],
      'serial:/tmp/phare-demo/ttyQuality': ['river-quality'],
      'serial:/tmp/phare-demo/ttyBasin': ['basin'],
      'serial:/tmp/phare-demo/ttyMaquette': ['maquette'],
    });
    expect(registry.route('street2.lamp01.level')).toMatchObject({
      deviceId: 'street2',
      localId: 'lamp01.level',
    });
  });

  it('opens only the named device in one-shot mode', () => {
    const seen = new Map<string, string[]>();
    const registry = new Registry(demo(), {
      bus: new EventBus(),
      logger: silentLogger,
      onlyDevices: ['park'],
      createCoordinator: recordingFactory(seen),
    });
    expect([...seen.keys()]).toEqual(['modbus-tcp://127.0.0.1:15021']);
    expect(registry.meta('street.lamp01.level')).toBeUndefined();
  });

  it('maps luminaires, groups and broadcast to point ids in the site view', () => {
    const registry = new Registry(demo(), { bus: new EventBus(), logger: silentLogger });
    const park = registry.siteView.devices.find((d) => d.id === 'park')!;
    expect(park.kind).toBe('dali-gateway');
    expect(park.groups).toEqual([
      {
        number: 0,
        name: { fr: 'Allées', en: 'Paths' },
        levelPoint: 'park.group0.level',
        members: ['bollard1', 'bollard2', 'bollard3', 'bollard4'],
      },
    ]);
    expect(park.broadcastLevelPoint).toBe('park.all.level');
    expect(park.luminaires![1]!.points).toMatchObject({ level: 'park.bollard2.level' });
  });

  it('keeps a device it cannot drive, offline with its error, and builds the others', () => {
    const loaded = demo();
    const broken = { ...loaded.site.devices[1]!, id: 'ghost', profile: 'nobody/nothing' };
    const site = { ...loaded, site: { ...loaded.site, devices: [...loaded.site.devices, broken] } };
    const registry = new Registry(site, { bus: new EventBus(), logger: silentLogger });
    const ghost = registry.healthOf('ghost')!;
    expect(ghost.status).toBe('offline');
    expect(ghost.lastError?.message).toContain('nobody/nothing');
    expect(registry.meta('park.bollard1.level')).toBeDefined();
  });
});

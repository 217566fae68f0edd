/**
 * The OPC-UA driver against the building simulator, through the wire (loopback, one server for the
 * whole file: node-opcua takes seconds to initialise, protocols.md §5.3 pitfall 6). The server
 * restart runs last because it drops every session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBuildingSimulator,
  type BuildingSimulator,
} from '@phare/hardware/simulators/building-opcua/index.ts';
import type { PointReading, PointSubscription } from '@phare/device-drivers/contract.ts';
import { PhareError } from '@phare/device-drivers/errors.ts';
import { parse } from 'yaml';
import {
  OpcuaDeviceDriver,
  discoverOpcua,
  draftProfileYaml,
  listCertificates,
  openOpcuaLink,
  trustCertificate,
  type OpcuaLink,
  type OpcuaLinkEvent,
  type OpcuaPointDef,
} from '@phare/device-drivers/opcua/index.ts';

const USER = { username: 'technicien', password: 'phare-2026' };
const points: OpcuaPointDef[] = [
  {
    id: 'zone1.temperature',
    nodeId: 'ns=1;s=Building.Zone1.Temperature',
    dataType: 'Double',
    access: 'read',
    unit: 'Cel',
  },
  {
    id: 'zone1.setpoint',
    nodeId: 'ns=1;s=Building.Zone1.Setpoint',
    dataType: 'Double',
    access: 'readwrite',
    unit: 'Cel',
  },
  {
    id: 'zone2.temperature',
    browsePath: '/Objects/1:Building/1:Zone2/1:Temperature',
    access: 'read',
    unit: 'Cel',
  },
  { id: 'zone1.occupancy', nodeId: 'ns=1;s=Building.Zone1.Occupancy', dataType: 'Boolean', access: 'read' },
  { id: 'heat-pump.mode', nodeId: 'ns=1;s=Building.HeatPump.Mode', dataType: 'Int32', access: 'readwrite' },
  {
    id: 'meter.energy',
    nodeId: 'ns=1;s=Building.Meter.ActiveEnergy',
    dataType: 'Double',
    access: 'read',
    unit: 'kW.h',
  },
  { id: 'ghost', nodeId: 'ns=1;s=Building.Zone9.Temperature', access: 'read' },
];

let dir: string;
let sim: BuildingSimulator;
let link: OpcuaLink;
const driver = new OpcuaDeviceDriver({ deviceId: 'school', points });
const events: OpcuaLinkEvent[] = [];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sim.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function rejection(promise: Promise<unknown>): Promise<PhareError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhareError);
  return error as PhareError;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phare-opcua-'));
  // 600 simulated seconds per real second: the thermal model moves visibly within a test.
  sim = await startBuildingSimulator({
    port: 0,
    pkiDir: join(dir, 'server'),
    clock: 600,
    users: [USER],
    controlPort: 0,
  });
  link = await openOpcuaLink(sim.endpointUrl, {
    device: 'school',
    securityMode: 'SignAndEncrypt',
    securityPolicy: 'Basic256Sha256',
    userIdentity: USER,
    pkiDir: join(dir, 'client'),
    trustUnknownServerCertificates: true,
    samplingIntervalMs: 100,
    publishingIntervalMs: 100,
  });
  link.onEvent((event) => events.push(event));
}, 60_000);

afterAll(async () => {
  await link?.close();
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('OPC-UA device driver', () => {
  it('reads points by NodeId and by browse path, with quality and source time', async () => {
    const [request] = driver.planReads(['zone1.temperature', 'zone2.temperature', 'zone1.occupancy']);
    const readings = await driver.read(link, request!);
    expect(readings.map((r) => r.point)).toEqual([
      'zone1.temperature',
      'zone2.temperature',
      'zone1.occupancy',
    ]);
    expect(readings[0]!.value).toBeTypeOf('number');
    expect(readings[1]!.value).toBeCloseTo(sim.model.zone('Zone2')!.temperatureC, 0);
    expect(readings[2]).toMatchObject({ value: false, quality: 'good' });
    expect(readings[0]!.sourceTime).toBeGreaterThan(0);
  });

  it('names the point when its node does not exist (BadNodeIdUnknown → UnknownPoint)', async () => {
    const error = await rejection(driver.read(link, driver.planReads(['ghost'])[0]!));
    expect(error.code).toBe('UNKNOWN_POINT');
    expect(error.message).toMatch(/ghost.*BadNodeIdUnknown/);
  });

  it('writes a setpoint in range, coerced to the node DataType', async () => {
    const report = await driver.write(link, [{ point: 'zone1.setpoint', value: '22' }]);
    expect(report.outcomes).toEqual([{ point: 'zone1.setpoint', ok: true }]);
    expect(report.commands[0]).toMatch(/Double.*Good/);
    expect(sim.model.zone('Zone1')!.setpointC).toBe(22);
  });

  it('refuses a setpoint outside EURange with OutOfRange carrying BadOutOfRange', async () => {
    const report = await driver.write(link, [{ point: 'zone1.setpoint', value: 99 }]);
    const error = report.outcomes[0]!.error as PhareError;
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.detail).toMatchObject({ statusCode: 'BadOutOfRange' });
    expect(error.message).toContain('zone1.setpoint');
    expect(sim.model.zone('Zone1')!.setpointC).toBe(22);
  });

  it('refuses a value the node type cannot hold before sending it', async () => {
    const report = await driver.write(link, [{ point: 'heat-pump.mode', value: 1.5 }]);
    expect((report.outcomes[0]!.error as PhareError).code).toBe('OUT_OF_RANGE');
    expect(report.commands).toEqual([]);
  });

  it('calls SetMode and reports the previous mode; an unknown mode is OutOfRange', async () => {
    const outputs = await driver.callMethod(
      link,
      'ns=1;s=Building.HeatPump',
      'ns=1;s=Building.HeatPump.SetMode',
      [{ dataType: 'Int32', value: 1 }],
    );
    expect(outputs).toEqual([2]);
    const [mode] = await driver.read(link, driver.planReads(['heat-pump.mode'])[0]!);
    expect(mode!.value).toBe(1);
    const error = await rejection(
      driver.callMethod(link, 'ns=1;s=Building.HeatPump', 'ns=1;s=Building.HeatPump.SetMode', [
        { dataType: 'Int32', value: 7 },
      ]),
    );
    expect(error.code).toBe('OUT_OF_RANGE');
    await driver.write(link, [{ point: 'heat-pump.mode', value: 2 }]);
  });

  it('delivers temperature changes by subscription as the thermal model moves', async () => {
    const seen: PointReading[] = [];
    const subscription = await driver.subscribe(link, ['zone1.temperature'], (reading) => seen.push(reading));
    try {
      await control('/weather', { outdoorC: -15 });
      await until(() => new Set(seen.map((r) => r.value)).size >= 4, 10_000);
      expect(seen.every((r) => r.point === 'zone1.temperature' && r.quality === 'good')).toBe(true);
    } finally {
      await subscription.close();
      await control('/weather', { outdoorC: 5 });
    }
  });

  it('stops delivering a frozen value, and resumes when it is released', async () => {
    const seen: PointReading[] = [];
    const subscription = await driver.subscribe(link, ['meter.energy'], (reading) => seen.push(reading));
    try {
      await until(() => seen.length >= 2, 10_000);
      await control('/freeze', { nodeId: 'ns=1;s=Building.Meter.ActiveEnergy', frozen: true });
      await sleep(500); // let a notification already in flight arrive
      const frozenAt = seen.length;
      await sleep(1500);
      expect(seen.length).toBe(frozenAt);
      await control('/freeze', { point: 'Meter.ActiveEnergy', frozen: false });
      await until(() => seen.length > frozenAt, 10_000);
    } finally {
      await subscription.close();
    }
  });

  it('shares one monitored item between two subscribers of a point', async () => {
    const subscriptions: PointSubscription[] = [];
    subscriptions.push(await driver.subscribe(link, ['zone1.setpoint'], () => {}));
    subscriptions.push(await driver.subscribe(link, ['zone1.setpoint'], () => {}));
    expect(sim.monitoredItemCounts().get('ns=1;s=Building.Zone1.Setpoint')).toBe(1);
    await Promise.all(subscriptions.map((s) => s.close()));
    expect(sim.monitoredItemCounts().get('ns=1;s=Building.Zone1.Setpoint')).toBeUndefined();
  });
});

describe('OPC-UA discovery', () => {
  it('finds every zone variable with its NodeId, browse path, DataType, access, UCUM unit and EURange', async () => {
    const draft = await discoverOpcua(sim.endpointUrl, {
      pkiDir: join(dir, 'client'),
      trustUnknownServerCertificates: true,
    });
    const byId = new Map(draft.points.map((p) => [p.id, p]));
    const expected = {
      temperature: 'Cel',
      setpoint: 'Cel',
      'relative-humidity': '%',
      co2: '[ppm]',
      'valve-position': '%',
    };
    for (const zone of sim.model.zones) {
      const zoneId = zone.spec.id.toLowerCase();
      for (const [variable, unit] of Object.entries(expected)) {
        const point = byId.get(`${zoneId}.${variable}`);
        const access = variable === 'setpoint' ? 'readwrite' : 'read';
        expect(point, `${zoneId}.${variable}`).toMatchObject({
          dataType: 'Double',
          unit,
          access,
          analog: true,
        });
        expect(point!.range).toBeDefined();
      }
      expect(byId.get(`${zoneId}.occupancy`)).toMatchObject({ dataType: 'Boolean', access: 'read' });
    }
    expect(byId.get('zone1.setpoint')).toMatchObject({
      nodeId: 'ns=1;s=Building.Zone1.Setpoint',
      browsePath: '/Objects/1:Building/1:Zone1/1:Setpoint',
      access: 'readwrite',
      range: { min: 16, max: 28 },
    });
    expect(byId.get('meter.active-energy')).toMatchObject({ unit: 'kW.h' });
    expect(byId.get('heat-pump.mode')).toMatchObject({ dataType: 'Int32', access: 'readwrite' });
    expect(byId.get('heat-pump.cop')).toMatchObject({ analog: true });
    expect(byId.get('heat-pump.cop')!.unit).toBeUndefined();

    const yaml = draftProfileYaml(draft);
    expect(yaml).toContain('kind: opcua-controller');
    expect(yaml).toContain('nodeId: "ns=1;s=Building.Zone3.CO2"');
    expect(yaml).toMatch(/id: heat-pump\.cop[\s\S]*?unit: "1" # TODO: UCUM code/);
    expect(yaml).toMatch(/id: zone1\.setpoint[\s\S]*?limits: \{ min: 16, max: 28 \} # TODO/);
    expect(parse(yaml)).toMatchObject({ schema: 'phare/profile@1', protocol: 'opcua' });
  });
});

describe('OPC-UA link opening', () => {
  it('rejects wrong credentials with Forbidden and says what to check', async () => {
    const error = await rejection(
      openOpcuaLink(sim.endpointUrl, {
        device: 'school',
        userIdentity: { username: USER.username, password: 'wrong' },
        pkiDir: join(dir, 'client'),
        trustUnknownServerCertificates: true,
      }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/BadIdentityTokenRejected|BadUserAccessDenied/);
    expect(error.message).toContain('user name and password');
  });

  it('refuses an unknown server certificate outside demo mode, and connects once it is trusted', async () => {
    const pkiDir = join(dir, 'strict-client');
    const options = {
      device: 'school',
      securityMode: 'SignAndEncrypt' as const,
      securityPolicy: 'Basic256Sha256' as const,
      pkiDir,
      trustUnknownServerCertificates: false,
    };
    const error = await rejection(openOpcuaLink(sim.endpointUrl, options));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('not trusted');
    expect(error.message).toContain('npx phare certs trust');
    expect(error.message).toContain('Demo mode trusts');
    const fingerprint = error.detail?.['fingerprint'] as string;
    expect(listCertificates(pkiDir).rejected.map((c) => c.fingerprint)).toContain(fingerprint);

    trustCertificate(pkiDir, fingerprint);
    expect(listCertificates(pkiDir).trusted.map((c) => c.fingerprint)).toContain(fingerprint);
    const trusted = await openOpcuaLink(sim.endpointUrl, options);
    await trusted.close();
  });

  it('refuses Basic128Rsa15 with NotSupported explaining CVE-2023-46809', async () => {
    const error = await rejection(
      openOpcuaLink(sim.endpointUrl, {
        securityMode: 'Sign',
        securityPolicy: 'Basic128Rsa15',
        pkiDir: join(dir, 'client'),
        trustUnknownServerCertificates: true,
      }),
    );
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toMatch(/CVE-2023-46809.*Basic256Sha256/);
  });

  it('reports nothing listening as Disconnected', async () => {
    const error = await rejection(
      openOpcuaLink('opc.tcp://127.0.0.1:1/nothing', {
        pkiDir: join(dir, 'client'),
        trustUnknownServerCertificates: true,
      }),
    );
    expect(['DISCONNECTED', 'TIMEOUT']).toContain(error.code);
  });
});

describe('OPC-UA link after a server restart', () => {
  it('resumes values by itself with exactly one monitored item per point', async () => {
    const seen: PointReading[] = [];
    const subscription = await driver.subscribe(link, ['zone1.temperature', 'meter.energy'], (r) =>
      seen.push(r),
    );
    try {
      await until(() => seen.some((r) => r.point === 'meter.energy'), 10_000);
      expect(sim.monitoredItemCounts().get('ns=1;s=Building.Meter.ActiveEnergy')).toBe(1);
      await control('/restart', {});
      const afterRestart = seen.length;
      await until(() => seen.slice(afterRestart).some((r) => r.point === 'meter.energy'), 30_000);
      expect(link.status).toBe('online');
      expect(events.some((e) => e.type === 'restored')).toBe(true);
      const counts = sim.monitoredItemCounts();
      expect(counts.get('ns=1;s=Building.Meter.ActiveEnergy')).toBe(1);
      expect(counts.get('ns=1;s=Building.Zone1.Temperature')).toBe(1);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const [request] = driver.planReads(['zone1.setpoint']);
      expect((await driver.read(link, request!))[0]!.value).toBe(22);
    } finally {
      await subscription.close();
    }
  }, 60_000);
});

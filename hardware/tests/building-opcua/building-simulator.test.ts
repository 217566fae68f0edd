/**
 * The simulated OPC-UA building controller, through the wire (one server for the file, a manual
 * clock so that a simulated day takes no real time): what a generic OPC-UA client sees in its
 * address space, how the setters guard the model, the control API, and the renovation saving.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttributeIds,
  DataType,
  OPCUACertificateManager,
  OPCUAClient,
  StatusCodes,
  type ClientSession,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createManualClock } from '@phare/hardware/simulators/clock.ts';
import {
  startBuildingSimulator,
  type BuildingSimulator,
} from '@phare/hardware/simulators/building-opcua/index.ts';

const HOUR = 3_600_000;
const clock = createManualClock(Date.UTC(2026, 0, 15, 0, 0, 0));
let dir: string;
let sim: BuildingSimulator;
let client: OPCUAClient;
let session: ClientSession;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phare-building-'));
  sim = await startBuildingSimulator({ port: 0, pkiDir: join(dir, 'pki'), clock, controlPort: 0 });
  // A plain node-opcua client: what any third-party OPC-UA tool sees.
  client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0 },
    // Its own PKI in the temp dir: node-opcua's default is under the home folder.
    clientCertificateManager: new OPCUACertificateManager({ rootFolder: join(dir, 'client-pki') }),
  });
  await client.connect(sim.endpointUrl);
  session = await client.createSession();
}, 60_000);

afterAll(async () => {
  await session?.close();
  await client?.disconnect();
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sim.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function readValue(nodeId: string): Promise<unknown> {
  const dataValue = await session.read({ nodeId, attributeId: AttributeIds.Value });
  expect(dataValue.statusCode.name).toBe('Good');
  return dataValue.value.value;
}

describe('building controller address space', () => {
  it('publishes zone temperatures as AnalogItems with EURange and UNECE °C (CEL = 4408652)', async () => {
    const [euRange, units] = await Promise.all(
      ['EURange', 'EngineeringUnits'].map((name) =>
        readValue(`ns=1;s=Building.Zone1.Temperature`).then(async () => {
          const result = await session.translateBrowsePath({
            startingNode: 'ns=1;s=Building.Zone1.Temperature',
            relativePath: {
              elements: [
                { targetName: { namespaceIndex: 0, name }, isInverse: false, includeSubtypes: true },
              ],
            },
          });
          return readValue(result.targets![0]!.targetId.toString());
        }),
      ),
    );
    expect(euRange).toMatchObject({ low: -10, high: 50 });
    expect(units).toMatchObject({ unitId: 4408652 });
  });

  it('samples getter variables every 100 ms, not the 1 s node-opcua imposes without a minimum (pitfall 4)', async () => {
    const dataValue = await session.read({
      nodeId: 'ns=1;s=Building.Zone1.CO2',
      attributeId: AttributeIds.MinimumSamplingInterval,
    });
    expect(dataValue.value.value).toBe(100);
  });

  it('refuses a setpoint outside EURange with BadOutOfRange, which node-opcua itself would accept (pitfall 5)', async () => {
    const refused = await session.write({
      nodeId: 'ns=1;s=Building.Zone2.Setpoint',
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Double, value: 35 } },
    });
    expect(refused).toBe(StatusCodes.BadOutOfRange);
    expect(await readValue('ns=1;s=Building.Zone2.Setpoint')).toBe(20);
  });

  it('refuses a heat pump mode outside 0–2', async () => {
    const refused = await session.write({
      nodeId: 'ns=1;s=Building.HeatPump.Mode',
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Int32, value: 3 } },
    });
    expect(refused).toBe(StatusCodes.BadOutOfRange);
  });

  it('reports occupancy set through the control API, and CO2 rising with people in the room', async () => {
    expect((await post('/occupancy', { zone: 'Zone4', occupied: true })).status).toBe(200);
    const before = (await readValue('ns=1;s=Building.Zone4.CO2')) as number;
    clock.advance(HOUR);
    expect(await readValue('ns=1;s=Building.Zone4.Occupancy')).toBe(true);
    expect((await readValue('ns=1;s=Building.Zone4.CO2')) as number).toBeGreaterThan(before + 300);
    await post('/occupancy', { zone: 'Zone4', occupied: false });
  });
});

describe('simulator profile', () => {
  it('names only nodes the simulator has, with the declared DataType and access', async () => {
    const profile = parse(
      readFileSync(new URL('../../profiles/phare/building-sim-opcua.yaml', import.meta.url), 'utf8'),
    ) as {
      points: Array<{ id: string; nodeId: string; dataType: string; access: string }>;
    };
    const values = await session.read(
      profile.points.flatMap((p) => [
        { nodeId: p.nodeId, attributeId: AttributeIds.DataType },
        { nodeId: p.nodeId, attributeId: AttributeIds.UserAccessLevel },
      ]),
    );
    profile.points.forEach((point, i) => {
      const [type, access] = [values[2 * i]!, values[2 * i + 1]!];
      expect(type.statusCode.name, point.id).toBe('Good');
      expect(DataType[(type.value.value as { value: number }).value], point.id).toBe(point.dataType);
      expect((access.value.value as number) & 2 ? 'readwrite' : 'read', point.id).toBe(point.access);
    });
  });
});

describe('building simulator control API', () => {
  it('answers a typo with 400 naming the allowed fields, and an unknown zone with 404', async () => {
    const typo = await post('/weather', { outdoorTemp: 3 });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.json)).toContain('outdoorC');
    expect((await post('/occupancy', { zone: 'Zone42', occupied: true })).status).toBe(404);
    expect((await post('/freeze', { point: 'Nowhere.Value', frozen: true })).status).toBe(404);
  });

  it('freezes a value: the wire keeps answering the value it had while the building moves on', async () => {
    await post('/freeze', { point: 'Zone1.Temperature', frozen: true });
    const frozen = await readValue('ns=1;s=Building.Zone1.Temperature');
    await post('/weather', { outdoorC: -10 });
    clock.advance(3 * HOUR);
    expect(await readValue('ns=1;s=Building.Zone1.Temperature')).toBe(frozen);
    await post('/freeze', { point: 'Zone1.Temperature', frozen: false });
    expect(await readValue('ns=1;s=Building.Zone1.Temperature')).not.toBe(frozen);
  });
});

describe('renovation', () => {
  async function energyOverADay(renovated: boolean): Promise<number> {
    await post('/renovated', { value: renovated });
    await post('/weather', { outdoorC: 2, solarWm2: 150 });
    clock.advance(12 * HOUR); // settle to the new envelope
    const start = (await readValue('ns=1;s=Building.Meter.ActiveEnergy')) as number;
    clock.advance(24 * HOUR);
    return ((await readValue('ns=1;s=Building.Meter.ActiveEnergy')) as number) - start;
  }

  it('uses less energy after renovation under the same weather', async () => {
    const before = await energyOverADay(false);
    const after = await energyOverADay(true);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeLessThan(before * 0.7);
    // Same comfort in both cases: the saving is not bought with colder rooms.
    expect(sim.model.zone('Zone1')!.temperatureC).toBeCloseTo(20, 0);
  });

  it('keeps the meter monotonic', async () => {
    const first = (await readValue('ns=1;s=Building.Meter.ActiveEnergy')) as number;
    clock.advance(HOUR);
    expect((await readValue('ns=1;s=Building.Meter.ActiveEnergy')) as number).toBeGreaterThan(first);
  });
});

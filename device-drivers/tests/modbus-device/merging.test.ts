import { afterEach, describe, expect, it } from 'vitest';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { holding, readPoints, startRig, type Rig } from './fixture.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const u16 = (id: string, address: number, table: ModbusPointDef['table'] = 'holding'): ModbusPointDef => ({
  id,
  table,
  address,
  type: 'uint16',
  access: 'read',
});
const range = (count: number, from = 0): ModbusPointDef[] =>
  Array.from({ length: count }, (_, i) => u16(`r${from + i}`, from + i));

describe('Modbus device read planning, through the wire', () => {
  it('merges contiguous holding registers into one request', async () => {
    rig = await startRig(holding(Array.from({ length: 12 }, (_, i) => [i, 100 + i] as [number, number])));
    const points: ModbusPointDef[] = [
      ...range(10),
      { id: 'energy', table: 'holding', address: 10, type: 'uint32', access: 'read' },
    ];
    const driver = new ModbusDeviceDriver({ unitId: 1, points });
    const requests = driver.planReads(points.map((p) => p.id));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ key: 'holding 0..11 unit 1', unit: '1' });

    const readings = await readPoints(
      driver,
      rig.client,
      points.map((p) => p.id),
    );
    expect(rig.server.stats.requests).toBe(1);
    expect(rig.bank.log).toEqual(['read holding 0 12']);
    expect(readings['r0']?.value).toBe(100);
    expect(readings['r9']?.value).toBe(109);
    expect(readings['energy']?.value).toBe(110 * 0x10000 + 111);
  });

  it('reads across a gap of up to maxGap registers and no further', async () => {
    rig = await startRig(
      holding([
        [0, 1],
        [5, 2],
        [11, 3],
      ]),
    );
    const points = [u16('a', 0), u16('b', 5), u16('c', 11)];
    const driver = new ModbusDeviceDriver({ unitId: 1, points, maxGap: 4 });
    const readings = await readPoints(driver, rig.client, ['a', 'b', 'c']);
    // a..b has a gap of 4 (merged); b..c a gap of 5 (split).
    expect(rig.bank.log).toEqual(['read holding 0 6', 'read holding 11 1']);
    expect([readings['a']?.value, readings['b']?.value, readings['c']?.value]).toEqual([1, 2, 3]);
  });

  it('never reads across a forbidden range, whatever maxGap allows', async () => {
    rig = await startRig(
      holding([
        [0, 7],
        [3, 8],
      ]),
    );
    const points = [u16('a', 0), u16('b', 3)];
    const driver = new ModbusDeviceDriver({
      unitId: 1,
      points,
      maxGap: 10,
      forbiddenRanges: [{ table: 'holding', from: 1, to: 2 }],
    });
    const readings = await readPoints(driver, rig.client, ['a', 'b']);
    expect(rig.bank.log).toEqual(['read holding 0 1', 'read holding 3 1']);
    expect(readings['b']?.value).toBe(8);
  });

  it('refuses a point that lies inside a forbidden range', () => {
    expect(
      () =>
        new ModbusDeviceDriver({
          unitId: 1,
          points: [u16('inside', 600)],
          forbiddenRanges: [{ table: 'holding', from: 512, to: 65535 }],
        }),
    ).toThrow(ConfigInvalid);
  });

  it('caps a request at the protocol limit of 125 registers', async () => {
    rig = await startRig();
    const points = range(130);
    const driver = new ModbusDeviceDriver({ unitId: 1, points, maxRegistersPerRequest: 500 });
    await readPoints(
      driver,
      rig.client,
      points.map((p) => p.id),
    );
    expect(rig.bank.log).toEqual(['read holding 0 125', 'read holding 125 5']);
  });

  it('caps a request at the profile maxRegistersPerRequest', async () => {
    rig = await startRig();
    const points = range(25);
    const driver = new ModbusDeviceDriver({ unitId: 1, points, maxRegistersPerRequest: 10 });
    await readPoints(
      driver,
      rig.client,
      points.map((p) => p.id),
    );
    expect(rig.bank.log).toEqual(['read holding 0 10', 'read holding 10 10', 'read holding 20 5']);
  });

  it('never splits a 32-bit value over two requests', async () => {
    rig = await startRig(
      holding([
        [2, 0x0001],
        [3, 0x0002],
      ]),
    );
    const points: ModbusPointDef[] = [
      u16('a', 0),
      u16('b', 1),
      { id: 'wide', table: 'holding', address: 2, type: 'int32', access: 'read' },
    ];
    const driver = new ModbusDeviceDriver({ unitId: 1, points, maxRegistersPerRequest: 3 });
    const readings = await readPoints(driver, rig.client, ['a', 'b', 'wide']);
    expect(rig.bank.log).toEqual(['read holding 0 2', 'read holding 2 2']);
    expect(readings['wide']?.value).toBe(0x10002);
  });

  it('keeps tables apart and reads bits up to 2000 per request', async () => {
    rig = await startRig({ input: new Map([[4, 9]]), coils: new Map([[2000, true]]) }, 7);
    const points: ModbusPointDef[] = [
      u16('h', 4),
      u16('i', 4, 'input'),
      ...Array.from({ length: 2001 }, (_, i): ModbusPointDef => ({
        id: `c${i}`,
        table: 'coil',
        address: i,
        type: 'bool',
        access: 'read',
      })),
    ];
    const driver = new ModbusDeviceDriver({ unitId: 7, points });
    const requests = driver.planReads(points.map((p) => p.id));
    expect(requests.map((r) => r.key)).toEqual([
      'holding 4..4 unit 7',
      'input 4..4 unit 7',
      'coil 0..1999 unit 7',
      'coil 2000..2000 unit 7',
    ]);
    expect(requests.every((r) => r.unit === '7')).toBe(true);
    const readings = await readPoints(
      driver,
      rig.client,
      points.map((p) => p.id),
    );
    expect(rig.server.stats.requests).toBe(4);
    expect(readings['i']?.value).toBe(9);
    expect(readings['c2000']?.value).toBe(true);
    expect(readings['c1999']?.value).toBe(false);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import { holding, readPoints, startRig, type Rig } from './fixture.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const read = (id: string, address: number, extra: Partial<ModbusPointDef>): ModbusPointDef => ({
  id,
  table: 'holding',
  address,
  type: 'uint16',
  access: 'read',
  ...extra,
});

// 21.5 as IEEE 754 binary32 is 0x41AC0000; 100000 is 0x000186A0; -2 as int32 is 0xFFFFFFFE.
const REGISTERS: [number, number][] = [
  [0, 0xff38],
  [1, 0xff38],
  [2, 0xffff],
  [3, 0xfffe],
  [4, 0xfffe],
  [5, 0xffff],
  [6, 0x0001],
  [7, 0x86a0],
  [8, 0x86a0],
  [9, 0x0001],
  [10, 0x41ac],
  [11, 0x0000],
  [12, 0x0000],
  [13, 0x41ac],
  [14, 0b0110],
  [15, 2150],
  [16, 40],
  [17, 102],
  [18, 254],
  [19, 300],
];

const POINTS: ModbusPointDef[] = [
  read('int16', 0, { type: 'int16' }),
  read('int16Scaled', 0, { type: 'int16', scale: 0.1 }),
  read('uint16', 1, { type: 'uint16' }),
  read('int32Big', 2, { type: 'int32', wordOrder: 'big' }),
  read('int32Little', 4, { type: 'int32', wordOrder: 'little' }),
  read('uint32Big', 6, { type: 'uint32' }),
  read('uint32Little', 8, { type: 'uint32', wordOrder: 'little' }),
  read('floatBig', 10, { type: 'float32', wordOrder: 'big' }),
  read('floatLittle', 12, { type: 'float32', wordOrder: 'little' }),
  read('bit1', 14, { type: 'bool', bit: 1 }),
  read('bit0', 14, { type: 'bool', bit: 0 }),
  read('bitmap', 14, { type: 'bitmap16' }),
  read('scaledOffset', 15, { scale: 0.01, offset: -10 }),
  read('percent', 16, { codec: 'percent' }),
  read('linear255', 17, { codec: 'linear255' }),
  read('arcLog', 18, { codec: 'arcLog' }),
  read('garbled', 19, { codec: 'linear255' }),
];

describe('Modbus device value decoding against a real server', () => {
  it('decodes every type, word order, bit, scaling and codec from one merged request', async () => {
    rig = await startRig(holding(REGISTERS));
    const driver = new ModbusDeviceDriver({ unitId: 1, points: POINTS, deviceId: 'meter' });
    const readings = await readPoints(
      driver,
      rig.client,
      POINTS.map((p) => p.id),
    );
    expect(rig.bank.log).toEqual(['read holding 0 20']);
    const value = (id: string) => readings[id]?.value;
    expect(value('int16')).toBe(-200);
    expect(value('int16Scaled')).toBe(-20);
    expect(value('uint16')).toBe(65336);
    expect(value('int32Big')).toBe(-2);
    expect(value('int32Little')).toBe(-2);
    expect(value('uint32Big')).toBe(100000);
    expect(value('uint32Little')).toBe(100000);
    expect(value('floatBig')).toBe(21.5);
    expect(value('floatLittle')).toBe(21.5);
    expect(value('bit1')).toBe(true);
    expect(value('bit0')).toBe(false);
    expect(value('bitmap')).toBe(6);
    expect(value('scaledOffset')).toBe(11.5);
    expect(value('percent')).toBe(40);
    expect(value('linear255')).toBeCloseTo(40, 6);
    expect(value('arcLog')).toBeCloseTo(100, 6);
  });

  it('marks a value the codec cannot map as bad without failing the other points', async () => {
    rig = await startRig(holding(REGISTERS));
    const driver = new ModbusDeviceDriver({ unitId: 1, points: POINTS });
    const readings = await readPoints(driver, rig.client, ['garbled', 'arcLog']);
    expect(readings['garbled']).toEqual({ point: 'garbled', value: null, quality: 'bad' });
    expect(readings['arcLog']?.quality).toBeUndefined();
  });

  it('describes points with their type and representable range', () => {
    const driver = new ModbusDeviceDriver({ unitId: 1, points: POINTS });
    const info = Object.fromEntries(driver.points().map((p) => [p.id, p]));
    expect(info['int16Scaled']).toMatchObject({ type: 'number', range: { min: -3276.8, max: 3276.7 } });
    expect(info['uint16']).toMatchObject({ type: 'integer', range: { min: 0, max: 65535 } });
    expect(info['bit1']).toMatchObject({ type: 'boolean', access: 'read' });
    expect(info['bitmap']).toMatchObject({ type: 'bitmap' });
    expect(info['percent']).toMatchObject({ type: 'number', unit: '%', range: { min: 0, max: 100 } });
  });
});

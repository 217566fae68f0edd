import { afterEach, describe, expect, it } from 'vitest';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import type { ModbusDeviceOptions, ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import {
  NotSupported,
  OutOfRange,
  ProtocolException,
  Timeout,
  UnknownPoint,
} from '@phare/device-drivers/errors.ts';
import { ExceptionCode } from '@phare/device-drivers/modbus/types.ts';
import { startRig, type Rig } from './fixture.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const FC = { single: 0x06, multiple: 0x10, coil: 0x05, coils: 0x0f };

const POINTS: ModbusPointDef[] = [
  { id: 'setpoint', table: 'holding', address: 100, type: 'uint16', scale: 0.1, access: 'readwrite' },
  { id: 'a', table: 'holding', address: 200, type: 'uint16', access: 'readwrite' },
  { id: 'b', table: 'holding', address: 201, type: 'int16', access: 'readwrite' },
  { id: 'flow', table: 'holding', address: 300, type: 'float32', wordOrder: 'little', access: 'write' },
  { id: 'count', table: 'holding', address: 400, type: 'int32', access: 'readwrite' },
  { id: 'status', table: 'holding', address: 500, type: 'bitmap16', access: 'read' },
  { id: 'temperature', table: 'input', address: 0, type: 'int16', access: 'readwrite' },
  { id: 'pump', table: 'coil', address: 0, type: 'bool', access: 'readwrite' },
  { id: 'valve', table: 'coil', address: 1, type: 'bool', access: 'readwrite' },
  { id: 'alarm', table: 'coil', address: 5, type: 'bool', access: 'readwrite' },
];

function driver(extra: Partial<ModbusDeviceOptions> = {}): ModbusDeviceDriver {
  return new ModbusDeviceDriver({ unitId: 1, points: POINTS, deviceId: 'pumpstation', ...extra });
}

describe('Modbus device writes, through the wire', () => {
  it('writes one register with FC06, scaled to its raw value', async () => {
    rig = await startRig();
    const report = await driver().write(rig.client, [{ point: 'setpoint', value: 21.5 }]);
    expect(report.outcomes).toEqual([{ point: 'setpoint', ok: true }]);
    expect(rig.tap.requests.map((r) => r.functionCode)).toEqual([FC.single]);
    expect(rig.bank.holding.get(100)).toBe(215);
    expect(report.commands).toEqual(['FC06 holding 100 ← 215 (unit 1)']);
  });

  it('writes consecutive registers given together with one FC16', async () => {
    rig = await startRig();
    const report = await driver().write(rig.client, [
      { point: 'b', value: -1 },
      { point: 'a', value: 7 },
    ]);
    expect(report.outcomes.every((o) => o.ok)).toBe(true);
    expect(rig.tap.requests).toEqual([{ functionCode: FC.multiple, unit: 1, address: 200 }]);
    expect([rig.bank.holding.get(200), rig.bank.holding.get(201)]).toEqual([7, 0xffff]);
  });

  it('writes a 32-bit value in one FC16 with its word order', async () => {
    rig = await startRig();
    await driver().write(rig.client, [{ point: 'flow', value: 21.5 }]);
    expect(rig.tap.requests.map((r) => r.functionCode)).toEqual([FC.multiple]);
    expect([rig.bank.holding.get(300), rig.bank.holding.get(301)]).toEqual([0x0000, 0x41ac]);
  });

  it('follows writeFunction: FC06 only, or FC16 even for one register', async () => {
    rig = await startRig();
    await driver({ writeFunction: 'single' }).write(rig.client, [{ point: 'count', value: -2 }]);
    await driver({ writeFunction: 'multiple' }).write(rig.client, [{ point: 'a', value: 3 }]);
    expect(rig.tap.requests.map((r) => r.functionCode)).toEqual([FC.single, FC.single, FC.multiple]);
    expect([rig.bank.holding.get(400), rig.bank.holding.get(401)]).toEqual([0xffff, 0xfffe]);
  });

  it('writes consecutive coils with FC15 and a lone coil with FC05', async () => {
    rig = await startRig();
    const report = await driver().write(rig.client, [
      { point: 'pump', value: true },
      { point: 'valve', value: true },
      { point: 'alarm', value: false },
    ]);
    expect(report.outcomes.every((o) => o.ok)).toBe(true);
    expect(rig.tap.requests.map((r) => [r.functionCode, r.address])).toEqual([
      [FC.coils, 0],
      [FC.coil, 5],
    ]);
    expect(rig.bank.coils.get(1)).toBe(true);
  });

  it('refuses read-only points with NotSupported and unencodable values with OutOfRange, naming device and point', async () => {
    rig = await startRig();
    const report = await driver().write(rig.client, [
      { point: 'status', value: 1 },
      { point: 'temperature', value: 1 },
      { point: 'setpoint', value: 7000 },
      { point: 'a', value: 'high' },
      { point: 'nothing', value: 1 },
      { point: 'b', value: 5 },
    ]);
    const error = (point: string) => report.outcomes.find((o) => o.point === point)?.error;
    expect(error('status')).toBeInstanceOf(NotSupported);
    expect(error('temperature')).toBeInstanceOf(NotSupported);
    expect(error('setpoint')).toBeInstanceOf(OutOfRange);
    expect(error('setpoint')).toMatchObject({ device: 'pumpstation', point: 'setpoint' });
    expect(error('setpoint')?.message).toMatch(/pumpstation.*setpoint.*70000/);
    expect(error('a')).toBeInstanceOf(OutOfRange);
    expect(error('nothing')).toBeInstanceOf(UnknownPoint);
    expect(error('b')).toBeUndefined();
    expect(rig.tap.requests).toEqual([{ functionCode: FC.single, unit: 1, address: 201 }]);
  });

  it('reports a Modbus exception on the point it hit, with the exception code', async () => {
    rig = await startRig();
    rig.bank.failWith = ExceptionCode.IllegalDataValue;
    const report = await driver().write(rig.client, [{ point: 'setpoint', value: 20 }]);
    const error = report.outcomes[0]?.error;
    expect(error).toBeInstanceOf(ProtocolException);
    expect(error).toMatchObject({ device: 'pumpstation', point: 'setpoint', detail: { exceptionCode: 3 } });
    expect(error?.message).toMatch(/pumpstation write FC06 holding 100/);
  });

  it('stops sending the rest of a write set when the unit times out', async () => {
    rig = await startRig();
    rig.bank.silent = true;
    const report = await driver().write(rig.client, [
      { point: 'setpoint', value: 20 },
      { point: 'count', value: 1 },
    ]);
    expect(report.outcomes.map((o) => o.error)).toEqual([expect.any(Timeout), expect.any(Timeout)]);
    expect(rig.tap.requests).toHaveLength(1);
    expect(report.commands).toEqual([]);
  });
});

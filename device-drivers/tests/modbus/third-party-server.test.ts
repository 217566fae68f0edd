import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ProtocolException } from '@phare/device-drivers/errors.ts';
import { startPython, type PythonProcess } from './python-process.ts';

const SERVER_SCRIPT = path.join(import.meta.dirname, 'pymodbus_tcp_server.py');

let python: PythonProcess | undefined;
let client: ModbusClient | undefined;

afterEach(async () => {
  await client?.close();
  await python?.stop();
  client = python = undefined;
});

async function connect(): Promise<ModbusClient> {
  python = await startPython(SERVER_SCRIPT);
  client = await openModbusLink(parseEndpoint(`modbus-tcp://127.0.0.1:${python.ready[0]}?unit=1`), {
    timeoutMs: 2000,
  });
  return client;
}

describe('our Modbus TCP client against a pymodbus server', () => {
  it('reads holding and input registers, coils and discrete inputs', async () => {
    const modbus = await connect();
    expect(await modbus.readRegisters(1, 'holding', 106, 3)).toEqual([1106, 1107, 1108]);
    expect(await modbus.readRegisters(1, 'input', 0, 2)).toEqual([2000, 2001]);
    expect(await modbus.readBits(1, 'coil', 0, 4)).toEqual([true, false, true, false]);
    expect(await modbus.readBits(1, 'discrete', 0, 4)).toEqual([true, false, false, true]);
  });

  it('writes registers and coils with FC06, FC16, FC05 and FC15 and reads them back', async () => {
    const modbus = await connect();
    await modbus.writeRegister(1, 5, 4321);
    await modbus.writeRegisters(1, 10, [7, 8, 9]);
    await modbus.writeCoils(1, 1, [true]);
    await modbus.writeCoils(1, 20, [true, true, true]);
    expect(await modbus.readRegisters(1, 'holding', 5, 1)).toEqual([4321]);
    expect(await modbus.readRegisters(1, 'holding', 10, 3)).toEqual([7, 8, 9]);
    expect(await modbus.readBits(1, 'coil', 0, 2)).toEqual([true, true]);
    expect(await modbus.readBits(1, 'coil', 20, 4)).toEqual([true, true, true, false]);
  });

  it('pipelines concurrent requests to a third-party server and matches every answer', async () => {
    const modbus = await connect();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => modbus.readRegisters(1, 'holding', i, 1)),
    );
    expect(answers).toEqual(Array.from({ length: 30 }, (_, i) => [1000 + i]));
  });

  it('surfaces the server exception for an address outside its map', async () => {
    const modbus = await connect();
    const error = await modbus.readRegisters(1, 'holding', 500, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolException);
    expect((error as ProtocolException).detail).toMatchObject({ functionCode: 3, exceptionCode: 2 });
  });
});

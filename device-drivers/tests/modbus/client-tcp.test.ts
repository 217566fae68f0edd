import { afterEach, describe, expect, it } from 'vitest';
import {
  startModbusTcpServer,
  type ModbusTcpServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { createModbusClient } from '@phare/device-drivers/modbus/client.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { ExceptionCode } from '@phare/device-drivers/modbus/types.ts';
import { createTcpTransport } from '@phare/device-drivers/transports/tcp.ts';
import {
  Canceled,
  Disconnected,
  OutOfRange,
  ProtocolException,
  Timeout,
} from '@phare/device-drivers/errors.ts';
import { createRegisterBank, type RegisterBank } from './register-bank.ts';

let server: ModbusTcpServer | undefined;
let client: ModbusClient | undefined;
let bank: RegisterBank;

async function connect(options: { timeoutMs?: number; maxInFlight?: number } = {}): Promise<ModbusClient> {
  bank = createRegisterBank({
    holding: new Map([
      [106, 1234],
      [107, 65535],
    ]),
    input: new Map([[3, 42]]),
    coils: new Map([[5, true]]),
    discrete: new Map([[9, true]]),
  });
  server = await startModbusTcpServer({ port: 0, resolveUnit: (unit) => (unit === 1 ? bank : undefined) });
  const transport = createTcpTransport({ host: '127.0.0.1', port: server.port });
  await transport.open();
  client = createModbusClient(transport, { framing: 'tcp', timeoutMs: 1000, ...options });
  return client;
}

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('Modbus TCP client against our TCP server', () => {
  it('reads holding and input registers (FC03, FC04)', async () => {
    const modbus = await connect();
    expect(await modbus.readRegisters(1, 'holding', 105, 3)).toEqual([0, 1234, 65535]);
    expect(await modbus.readRegisters(1, 'input', 3, 1)).toEqual([42]);
  });

  it('reads coils and discrete inputs (FC01, FC02)', async () => {
    const modbus = await connect();
    const coils = await modbus.readBits(1, 'coil', 0, 10);
    expect(coils.map((on, i) => (on ? i : -1)).filter((i) => i >= 0)).toEqual([5]);
    expect(await modbus.readBits(1, 'discrete', 8, 3)).toEqual([false, true, false]);
  });

  it('writes one register with FC06 and several with FC16', async () => {
    const modbus = await connect();
    await modbus.writeRegister(1, 10, 777);
    await modbus.writeRegisters(1, 20, [1, 2, 3]);
    expect(bank.log).toContain('write holding 10 1');
    expect(bank.log).toContain('write holding 20 3');
    expect(await modbus.readRegisters(1, 'holding', 10, 1)).toEqual([777]);
    expect(await modbus.readRegisters(1, 'holding', 20, 3)).toEqual([1, 2, 3]);
  });

  it('writes one coil with FC05 and several with FC15', async () => {
    const modbus = await connect();
    await modbus.writeCoils(1, 30, [true]);
    await modbus.writeCoils(1, 40, [true, false, true, true, false, false, false, false, true]);
    expect(await modbus.readBits(1, 'coil', 30, 1)).toEqual([true]);
    expect(await modbus.readBits(1, 'coil', 40, 9)).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('surfaces a Modbus exception as ProtocolException with its code and a message naming the request', async () => {
    const modbus = await connect();
    bank.failWith = ExceptionCode.ServerDeviceBusy;
    const error = await modbus.readRegisters(1, 'holding', 106, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolException);
    expect((error as ProtocolException).detail).toMatchObject({
      unit: 1,
      functionCode: 3,
      exceptionCode: 6,
      exceptionName: 'SERVER DEVICE BUSY',
    });
    expect((error as Error).message).toBe(
      'Modbus exception 0x06 SERVER DEVICE BUSY for FC03 unit 1 address 106 qty 1',
    );
  });

  it('reports an unknown unit behind the gateway as exception 0x0B', async () => {
    const modbus = await connect();
    const error = await modbus.readRegisters(9, 'holding', 106, 1).catch((e: unknown) => e);
    expect((error as ProtocolException).detail).toMatchObject({ exceptionCode: 0x0b, unit: 9 });
    expect((error as Error).message).toBe(
      'Modbus exception 0x0B GATEWAY TARGET DEVICE FAILED TO RESPOND for FC03 unit 9 address 106 qty 1',
    );
  });

  it('times out on a silent unit and counts it, and the next request still works', async () => {
    const modbus = await connect({ timeoutMs: 150 });
    bank.silent = true;
    const error = await modbus.readRegisters(1, 'holding', 106, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect((error as Timeout).detail).toMatchObject({ unit: 1, functionCode: 3, address: 106, quantity: 2 });
    expect(modbus.counters.timeouts).toBe(1);
    bank.silent = false;
    expect(await modbus.readRegisters(1, 'holding', 106, 1)).toEqual([1234]);
  });

  it('rejects every pending request with Disconnected and fires onClose when the server cuts the link', async () => {
    const modbus = await connect({ timeoutMs: 5000 });
    bank.silent = true;
    const closed = new Promise<Error | undefined>((resolve) => modbus.onClose(resolve));
    const pending = [modbus.readRegisters(1, 'holding', 1, 1), modbus.readRegisters(1, 'holding', 2, 1)].map(
      (p) => p.catch((e: unknown) => e),
    );
    await waitFor(() => bank.log.length === 2);
    server!.dropConnections();
    for (const error of await Promise.all(pending)) expect(error).toBeInstanceOf(Disconnected);
    expect(await closed).toBeInstanceOf(Disconnected);
    await expect(modbus.readRegisters(1, 'holding', 1, 1)).rejects.toBeInstanceOf(Disconnected);
  });

  it('rejects pending requests with Canceled on close()', async () => {
    const modbus = await connect({ timeoutMs: 5000 });
    bank.silent = true;
    const pending = modbus.readRegisters(1, 'holding', 1, 1).catch((e: unknown) => e);
    await waitFor(() => bank.log.length === 1);
    await modbus.close();
    expect(await pending).toBeInstanceOf(Canceled);
  });

  it('pipelines 100 concurrent requests and matches every answer to its request', async () => {
    const modbus = await connect({ maxInFlight: 100 });
    for (let address = 0; address < 100; address++) bank.holding.set(address, address * 3 + 1);
    bank.delayMs = 5;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, address) => modbus.readRegisters(1, 'holding', address, 1)),
    );
    expect(answers).toEqual(Array.from({ length: 100 }, (_, address) => [address * 3 + 1]));
    expect(server!.stats.requests).toBe(100);
    expect(server!.stats.connections).toBe(1);
  });

  it('refuses requests the protocol cannot carry before they reach the wire', async () => {
    const modbus = await connect();
    await expect(modbus.readRegisters(1, 'holding', 0, 126)).rejects.toBeInstanceOf(OutOfRange);
    await expect(modbus.writeRegister(1, 0, 70000)).rejects.toBeInstanceOf(OutOfRange);
    await expect(modbus.readRegisters(1, 'holding', 65535, 2)).rejects.toBeInstanceOf(OutOfRange);
    expect(server!.stats.requests).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

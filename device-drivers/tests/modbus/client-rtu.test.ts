import { afterEach, describe, expect, it } from 'vitest';
import {
  startModbusRtuOverTcpServer,
  startModbusRtuServer,
  type ModbusRtuOverTcpServer,
  type ModbusRtuServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { createModbusClient } from '@phare/device-drivers/modbus/client.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { encodeResponsePdu } from '@phare/device-drivers/modbus/pdu.ts';
import { encodeRtuFrame } from '@phare/device-drivers/modbus/rtu.ts';
import { ChecksumMismatch, NotSupported, ProtocolException, Timeout } from '@phare/device-drivers/errors.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { openPtyPair, type PtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createSerialTransport } from '@phare/device-drivers/transports/serial.ts';
import { createTcpTransport } from '@phare/device-drivers/transports/tcp.ts';
import { createRegisterBank, type RegisterBank } from './register-bank.ts';

const LINE: SerialSettings = { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 };

let pty: PtyPair | undefined;
let rtuServer: ModbusRtuServer | undefined;
let tcpServer: ModbusRtuOverTcpServer | undefined;
let peer: ByteTransport | undefined;
let client: ModbusClient | undefined;
let transport: ByteTransport;
let bank: RegisterBank;

function freshBank(): RegisterBank {
  bank = createRegisterBank({
    holding: new Map([
      [106, 1234],
      [107, 99],
    ]),
    coils: new Map([[1, true]]),
  });
  return bank;
}

/** Our client on pty end B, our RTU server (unit 3) on end A. */
async function overPty(timeoutMs = 1000): Promise<ModbusClient> {
  pty = await openPtyPair();
  const unitBank = freshBank();
  rtuServer = await startModbusRtuServer({
    transport: { path: pty.a, serial: LINE },
    resolveUnit: (unit) => (unit === 3 ? unitBank : undefined),
  });
  transport = createSerialTransport({ path: pty.b, serial: LINE });
  await transport.open();
  client = createModbusClient(transport, { framing: 'rtu', timeoutMs });
  return client;
}

afterEach(async () => {
  await client?.close();
  await peer?.close();
  await rtuServer?.close();
  await tcpServer?.close();
  await pty?.close();
  client = peer = rtuServer = tcpServer = pty = undefined;
});

describe('Modbus RTU client against our RTU server', () => {
  it('reads and writes every function code over a pty pair', async () => {
    const modbus = await overPty();
    expect(await modbus.readRegisters(3, 'holding', 106, 2)).toEqual([1234, 99]);
    await modbus.writeRegister(3, 106, 4321);
    await modbus.writeRegisters(3, 200, [1, 2, 3]);
    await modbus.writeCoils(3, 7, [true]);
    await modbus.writeCoils(3, 8, [true, true, false, true]);
    expect(await modbus.readRegisters(3, 'holding', 106, 1)).toEqual([4321]);
    expect(await modbus.readRegisters(3, 'holding', 200, 3)).toEqual([1, 2, 3]);
    expect(await modbus.readRegisters(3, 'input', 0, 2)).toEqual([0, 0]);
    expect(await modbus.readBits(3, 'coil', 0, 12)).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      false,
      true,
    ]);
    expect(await modbus.readBits(3, 'discrete', 0, 3)).toEqual([false, false, false]);
    expect(modbus.isSerialLine).toBe(true);
  });

  it('keeps one request in flight: concurrent calls are answered in turn, each with its own value', async () => {
    const modbus = await overPty();
    for (let address = 0; address < 20; address++) bank.holding.set(address, 500 + address);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, address) => modbus.readRegisters(3, 'holding', address, 1)),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, address) => [500 + address]));
    expect(rtuServer!.stats.requests).toBe(20);
  });

  it('surfaces an exception answer as ProtocolException', async () => {
    const modbus = await overPty();
    bank.failWith = 0x02;
    const error = await modbus.readRegisters(3, 'holding', 106, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolException);
    expect((error as ProtocolException).detail).toMatchObject({
      exceptionCode: 2,
      exceptionName: 'ILLEGAL DATA ADDRESS',
    });
  });

  it('times out on a unit nobody owns, then talks to the real unit', async () => {
    const modbus = await overPty(150);
    await expect(modbus.readRegisters(9, 'holding', 106, 1)).rejects.toBeInstanceOf(Timeout);
    expect(await modbus.readRegisters(3, 'holding', 106, 1)).toEqual([1234]);
  });

  it('ignores the late answer of a timed-out request instead of taking it for the next one', async () => {
    const modbus = await overPty(100);
    bank.delayMs = 250;
    await expect(modbus.readRegisters(3, 'holding', 106, 2)).rejects.toBeInstanceOf(Timeout);
    // The server still answers the first request (2 registers) while this one is in flight.
    expect(await modbus.readRegisters(3, 'holding', 107, 1, { timeoutMs: 3000 })).toEqual([99]);
  });

  it('survives garbage bytes on the line in both directions and the next request succeeds', async () => {
    const modbus = await overPty();
    // Noise towards the slave: it must hunt past it to the next real frame.
    await transport.write(Buffer.from([0x03, 0x10, 0xff, 0x00, 0x42, 0x99, 0x03]));
    expect(await modbus.readRegisters(3, 'holding', 106, 1)).toEqual([1234]);
    // Noise towards the master while no request is pending.
    await rtuServer!.transport.write(Buffer.from([0x00, 0xff, 0x03, 0x03, 0x7e]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await modbus.readRegisters(3, 'holding', 107, 1)).toEqual([99]);
    expect(rtuServer!.stats.discardedBytes).toBeGreaterThan(0);
  });

  it('sends a broadcast write to unit 0 without waiting for an answer, and refuses a broadcast read', async () => {
    const modbus = await overPty();
    let broadcastWrites = 0;
    await rtuServer!.close();
    rtuServer = await startModbusRtuServer({
      transport: { path: pty!.a, serial: LINE },
      resolveUnit: (unit) =>
        unit === 0
          ? { readRegisters: () => undefined, writeRegisters: () => void broadcastWrites++ }
          : undefined,
    });
    await modbus.writeRegister(0, 1, 1);
    await expect(modbus.readRegisters(0, 'holding', 1, 1)).rejects.toBeInstanceOf(NotSupported);
    await waitFor(() => broadcastWrites === 1);
    expect(rtuServer.stats.responses).toBe(0);
  });

  it('rejects an answer with a bad CRC as ChecksumMismatch', async () => {
    pty = await openPtyPair();
    // A slave with a broken line driver: right frame, CRC flipped.
    peer = createSerialTransport({ path: pty.a, serial: LINE });
    await peer.open();
    peer.onData(() => {
      const frame = encodeRtuFrame(
        3,
        encodeResponsePdu({ kind: 'readRegisters', table: 'holding', address: 0, quantity: 1 }, [7]),
      );
      frame[frame.length - 1]! ^= 0xff;
      void peer!.write(frame);
    });
    transport = createSerialTransport({ path: pty.b, serial: LINE });
    await transport.open();
    client = createModbusClient(transport, { framing: 'rtu', timeoutMs: 1000 });
    const error = await client.readRegisters(3, 'holding', 0, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatch);
    expect((error as ChecksumMismatch).detail).toMatchObject({ unit: 3, functionCode: 3 });
  });

  it('talks raw RTU through a serial device server over TCP', async () => {
    const unitBank = freshBank();
    tcpServer = await startModbusRtuOverTcpServer({
      port: 0,
      resolveUnit: (unit) => (unit === 3 ? unitBank : undefined),
    });
    transport = createTcpTransport({ host: '127.0.0.1', port: tcpServer.port, serial: LINE });
    await transport.open();
    client = createModbusClient(transport, { framing: 'rtu', timeoutMs: 1000 });
    expect(client.isSerialLine).toBe(true);
    await client.writeRegisters(3, 106, [11, 12]);
    expect(await client.readRegisters(3, 'holding', 106, 2)).toEqual([11, 12]);
    await transport.write(Buffer.from([0x55, 0x03, 0x10, 0x00]));
    expect(await client.readRegisters(3, 'holding', 107, 1)).toEqual([12]);
    expect(tcpServer.stats.requests).toBe(3);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

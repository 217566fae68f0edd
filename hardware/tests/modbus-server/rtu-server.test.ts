import { afterEach, describe, expect, it } from 'vitest';
import {
  startModbusRtuOverTcpServer,
  startModbusRtuServer,
  type ModbusRtuOverTcpServer,
  type ModbusRtuServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { appendCrc } from '@phare/device-drivers/modbus/crc.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { openPtyPair, type PtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createSerialTransport } from '@phare/device-drivers/transports/serial.ts';
import { createRegisterBank, type RegisterBank } from '../../../device-drivers/tests/modbus/register-bank.ts';
import { hex, openRawSocket, sleep, type RawSocket } from './raw-socket.ts';

const LINE: SerialSettings = { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 };
/** FC03 unit 1, 1 register from 0, with the CRC of the FTS radar manual example (protocols.md §3.1). */
const READ_ONE = hex('01 03 0000 0001 840A');

let pty: PtyPair | undefined;
let server: ModbusRtuServer | undefined;
let tcpServer: ModbusRtuOverTcpServer | undefined;
let master: ByteTransport | undefined;
let raw: RawSocket | undefined;
let received = Buffer.alloc(0);
let bank: RegisterBank;
let broadcastWrites: number[][] = [];

/** Our RTU server on pty end A (unit 1 plus a broadcast handler); a raw master on end B. */
async function start(options: { serial?: SerialSettings; emulateLineTiming?: boolean } = {}): Promise<void> {
  pty = await openPtyPair();
  bank = createRegisterBank({ holding: new Map([[0, 0x1234]]) });
  broadcastWrites = [];
  server = await startModbusRtuServer({
    transport: { path: pty.a, serial: options.serial ?? LINE },
    resolveUnit: (unit) =>
      unit === 1
        ? bank
        : unit === 0
          ? {
              readRegisters: () => undefined,
              writeRegisters: (_address, values) => void broadcastWrites.push(values),
            }
          : undefined,
    ...(options.emulateLineTiming ? { emulateLineTiming: true } : {}),
  });
  master = createSerialTransport({ path: pty.b, serial: options.serial ?? LINE });
  received = Buffer.alloc(0);
  master.onData((chunk) => (received = Buffer.concat([received, chunk])));
  await master.open();
}

async function bytes(count: number, timeoutMs = 5000): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  while (received.length < count) {
    if (Date.now() > deadline)
      throw new Error(`got ${received.length} of ${count} bytes: ${received.toString('hex')}`);
    await sleep(2);
  }
  return received;
}

afterEach(async () => {
  await master?.close();
  await server?.close();
  await raw?.end();
  await tcpServer?.close();
  await pty?.close();
  master = server = raw = tcpServer = pty = undefined;
});

describe('Modbus RTU server on a serial line', () => {
  it('answers a read with the right frame and CRC', async () => {
    await start();
    await master!.write(READ_ONE);
    expect((await bytes(7)).toString('hex')).toBe(appendCrc(hex('01 03 02 1234')).toString('hex'));
  });

  it('drops a frame with a bad CRC without answering, then answers the next good one', async () => {
    await start();
    const damaged = Buffer.from(READ_ONE);
    damaged[7] = 0x0b;
    await master!.write(damaged);
    await sleep(100);
    expect(received.length).toBe(0);
    expect(server!.stats.badCrcFrames).toBe(1);
    await master!.write(READ_ONE);
    expect((await bytes(7)).subarray(0, 5).toString('hex')).toBe('0103021234');
    expect(received.length).toBe(7);
  });

  it('resynchronises after garbage on the line', async () => {
    await start();
    await master!.write(hex('FF 10 01 03 00 00 7F 55 AA'));
    await master!.write(READ_ONE);
    expect((await bytes(7)).subarray(0, 5).toString('hex')).toBe('0103021234');
    expect(server!.stats.discardedBytes).toBeGreaterThan(0);
  });

  it('executes a broadcast write to unit 0 and never answers it', async () => {
    await start();
    await master!.write(appendCrc(hex('00 06 0005 002A')));
    await sleep(100);
    expect(broadcastWrites).toEqual([[42]]);
    expect(received.length).toBe(0);
  });

  it('stays silent for a unit nobody owns', async () => {
    await start();
    await master!.write(appendCrc(hex('07 03 0000 0001')));
    await sleep(100);
    expect(received.length).toBe(0);
    expect(server!.stats.requests).toBe(1);
  });

  it('refuses an FC16 of more than 123 registers with exception 03 ILLEGAL DATA VALUE', async () => {
    await start();
    await master!.write(appendCrc(hex('01 10 0000 007C 02 0001')));
    expect((await bytes(5)).toString('hex')).toBe(appendCrc(hex('01 90 03')).toString('hex'));
  });

  it('takes the answer time of the line when asked to emulate it (1200 baud: 7 bytes + t3.5 ≈ 96 ms)', async () => {
    const slowLine: SerialSettings = { baudRate: 1200, dataBits: 8, parity: 'even', stopBits: 1 };
    await start({ serial: slowLine, emulateLineTiming: true });
    const sentAt = performance.now();
    await master!.write(READ_ONE);
    await bytes(7);
    // 7 × 11 bits / 1200 baud = 64.2 ms, plus t3.5 = 32.1 ms. A lower bound cannot flake on a busy machine.
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(90);
  });
});

describe('Modbus RTU over TCP server', () => {
  it('answers raw RTU frames, coalesced or not, in order, and stays silent for unknown units', async () => {
    bank = createRegisterBank({
      holding: new Map([
        [0, 0x1234],
        [1, 0x5678],
      ]),
    });
    tcpServer = await startModbusRtuOverTcpServer({
      port: 0,
      resolveUnit: (unit) => (unit === 1 ? bank : undefined),
    });
    raw = await openRawSocket(tcpServer.port);
    raw.socket.write(
      Buffer.concat([appendCrc(hex('09 03 0000 0001')), READ_ONE, appendCrc(hex('01 03 0001 0001'))]),
    );
    const answer = await raw.waitForBytes(14);
    expect(answer.subarray(0, 7)).toEqual(appendCrc(hex('01 03 02 1234')));
    expect(answer.subarray(7, 14)).toEqual(appendCrc(hex('01 03 02 5678')));
    await sleep(50);
    expect(raw.received().length).toBe(14);
    expect(tcpServer.stats.requests).toBe(3);
  });
});

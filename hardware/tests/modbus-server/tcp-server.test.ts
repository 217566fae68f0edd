import { afterEach, describe, expect, it } from 'vitest';
import {
  startModbusTcpServer,
  type ModbusTcpServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { ModbusExceptionResponse, type ModbusUnitHandler } from '@phare/device-drivers/modbus/types.ts';
import { createRegisterBank, type RegisterBank } from '../../../device-drivers/tests/modbus/register-bank.ts';
import { hex, openRawSocket, sleep, type RawSocket } from './raw-socket.ts';

let server: ModbusTcpServer | undefined;
const sockets: RawSocket[] = [];
let bank: RegisterBank;

async function start(
  resolveUnit?: (unit: number) => ModbusUnitHandler | undefined,
): Promise<ModbusTcpServer> {
  bank = createRegisterBank({
    holding: new Map([
      [0x6b, 0x022b],
      [0x6c, 0x0000],
      [0x6d, 0x0064],
    ]),
  });
  server = await startModbusTcpServer({
    port: 0,
    resolveUnit: resolveUnit ?? ((unit) => (unit === 0x11 ? bank : undefined)),
  });
  return server;
}

async function socket(): Promise<RawSocket> {
  const raw = await openRawSocket(server!.port);
  sockets.push(raw);
  return raw;
}

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((raw) => raw.end()));
  await server?.close();
  server = undefined;
});

// The worked example of the Messaging Implementation Guide / Application Protocol §6.3:
// read 3 holding registers from 0x006B on unit 0x11 → 02 2B, 00 00, 00 64.
const REQUEST = '0001 0000 0006 11 03 006B 0003';
const ANSWER = '0001 0000 0009 11 03 06 022B 0000 0064';

describe('Modbus TCP server framing', () => {
  it('answers the standard FC03 example byte for byte', async () => {
    await start();
    const raw = await socket();
    raw.socket.write(hex(REQUEST));
    expect((await raw.waitForBytes(15)).toString('hex')).toBe(hex(ANSWER).toString('hex'));
  });

  it('reassembles a request split across several TCP segments', async () => {
    await start();
    const raw = await socket();
    const request = hex(REQUEST);
    for (const part of [request.subarray(0, 3), request.subarray(3, 8), request.subarray(8)]) {
      raw.socket.write(part);
      await sleep(20);
    }
    expect((await raw.waitForBytes(15)).toString('hex')).toBe(hex(ANSWER).toString('hex'));
  });

  it('answers coalesced pipelined requests in request order even when the first is slowest', async () => {
    let calls = 0;
    await start((unit) =>
      unit === 1
        ? {
            // First request takes longest: order must still follow the requests.
            readRegisters: async (_table, address) => {
              const delay = calls++ === 0 ? 60 : 0;
              await sleep(delay);
              return [address];
            },
            writeRegisters: () => undefined,
          }
        : undefined,
    );
    const raw = await socket();
    const frames = [1, 2, 3].map((tid) => hex(`000${tid} 0000 0006 01 03 00${(tid * 16).toString(16)} 0001`));
    raw.socket.write(Buffer.concat(frames));
    const answer = await raw.waitForBytes(33);
    const tids = [0, 11, 22].map((offset) => answer.readUInt16BE(offset));
    const values = [0, 11, 22].map((offset) => answer.readUInt16BE(offset + 9));
    expect(tids).toEqual([1, 2, 3]);
    expect(values).toEqual([16, 32, 48]);
  });

  it('answers an unknown unit with exception 0x0B GATEWAY TARGET DEVICE FAILED TO RESPOND', async () => {
    await start();
    const raw = await socket();
    raw.socket.write(hex('0007 0000 0006 05 03 0000 0001'));
    expect((await raw.waitForBytes(9)).toString('hex')).toBe('00070000000305830b');
  });

  it('answers exception 0x03 to a quantity beyond 125 registers and 0x01 to an unknown function', async () => {
    await start();
    const raw = await socket();
    raw.socket.write(hex('0001 0000 0006 11 03 0000 007E'));
    raw.socket.write(hex('0002 0000 0002 11 2B'));
    const answer = await raw.waitForBytes(18);
    expect(answer.subarray(0, 9).toString('hex')).toBe('000100000003118303');
    expect(answer.subarray(9, 18).toString('hex')).toBe('00020000000311ab01');
  });

  it('answers the exception a handler throws, and 0x04 SERVER DEVICE FAILURE when a handler breaks', async () => {
    await start((unit) => ({
      readRegisters: () => {
        if (unit === 1) throw new ModbusExceptionResponse(0x02);
        throw new TypeError('simulated bug');
      },
      writeRegisters: () => undefined,
    }));
    const raw = await socket();
    raw.socket.write(hex('0001 0000 0006 01 04 0000 0001'));
    raw.socket.write(hex('0002 0000 0006 02 04 0000 0001'));
    const answer = await raw.waitForBytes(18);
    expect(answer.toString('hex')).toBe('000100000003018402' + '000200000003028404');
  });

  it('stays silent when the handler returns undefined, and keeps answering later requests', async () => {
    await start();
    bank.silent = true;
    const raw = await socket();
    raw.socket.write(hex(REQUEST));
    await sleep(100);
    expect(raw.received().length).toBe(0);
    bank.silent = false;
    raw.socket.write(hex(REQUEST));
    expect((await raw.waitForBytes(15)).toString('hex')).toBe(hex(ANSWER).toString('hex'));
  });

  it('closes a connection whose MBAP length is impossible, and other connections keep working', async () => {
    await start();
    const hostile = await socket();
    const honest = await socket();
    hostile.socket.write(hex('0001 0000 FFFF 11 03 006B 0003'));
    await hostile.closed;
    honest.socket.write(hex(REQUEST));
    expect((await honest.waitForBytes(15)).toString('hex')).toBe(hex(ANSWER).toString('hex'));
  });

  it('survives clients that send garbage and vanish mid-frame', async () => {
    await start();
    bank.delayMs = 20;
    for (let i = 0; i < 20; i++) {
      const hostile = await openRawSocket(server!.port);
      hostile.socket.write(Buffer.from(Array.from({ length: 50 + i }, (_, j) => (j * 37 + i) & 0xff)));
      hostile.socket.write(hex(REQUEST).subarray(0, 9));
      hostile.socket.destroy();
    }
    // A request whose answer is pending when the client vanishes.
    const quitter = await openRawSocket(server!.port);
    quitter.socket.write(hex(REQUEST));
    quitter.socket.destroy();
    await sleep(50);
    const honest = await socket();
    honest.socket.write(hex(REQUEST));
    expect((await honest.waitForBytes(15)).toString('hex')).toBe(hex(ANSWER).toString('hex'));
    expect(server!.stats.connections).toBe(22);
  });

  it('drops every connection on dropConnections() and accepts new ones', async () => {
    await start();
    const first = await socket();
    server!.dropConnections();
    await first.closed;
    const second = await socket();
    second.socket.write(hex(REQUEST));
    expect((await second.waitForBytes(15)).length).toBe(15);
    expect(server!.stats.connections).toBe(2);
  });
});

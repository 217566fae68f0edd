import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startModbusRtuServer,
  startModbusTcpServer,
  type ModbusRtuServer,
  type ModbusTcpServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { openPtyPair, type PtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createRegisterBank, type RegisterBank } from '../../../device-drivers/tests/modbus/register-bank.ts';
import { runPython } from '../../../device-drivers/tests/modbus/python-process.ts';

const run = promisify(execFile);
const CLIENT_SCRIPT = path.join(import.meta.dirname, 'pymodbus_client.py');

let tcpServer: ModbusTcpServer | undefined;
let rtuServer: ModbusRtuServer | undefined;
let pty: PtyPair | undefined;
let bank: RegisterBank;

function freshBank(): RegisterBank {
  bank = createRegisterBank({ holding: new Map([[106, 1234]]), coils: new Map([[2, true]]) });
  return bank;
}

afterEach(async () => {
  await tcpServer?.close();
  await rtuServer?.close();
  await pty?.close();
  tcpServer = rtuServer = pty = undefined;
});

/** mbpoll prints `[106]: \t1234` per register read; pick the values out. */
function mbpollRegisters(stdout: string): Record<number, number> {
  return Object.fromEntries(
    [...stdout.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])]),
  );
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('third-party clients against our Modbus servers', () => {
  it('mbpoll reads a holding register from our TCP server', async () => {
    tcpServer = await startModbusTcpServer({
      port: 0,
      resolveUnit: (unit) => (unit === 1 ? freshBank() : undefined),
    });
    const { stdout } = await run('/usr/bin/mbpoll', [
      ...[
        '-m',
        'tcp',
        '-p',
        String(tcpServer.port),
        '-a',
        '1',
        '-t',
        '4',
        '-0',
        '-r',
        '106',
        '-c',
        '1',
        '-1',
      ],
      '127.0.0.1',
    ]);
    expect(mbpollRegisters(stdout)).toEqual({ 106: 1234 });
  });

  it('mbpoll writes a holding register to our TCP server', async () => {
    const unitBank = freshBank();
    tcpServer = await startModbusTcpServer({
      port: 0,
      resolveUnit: (unit) => (unit === 1 ? unitBank : undefined),
    });
    const { stdout } = await run('/usr/bin/mbpoll', [
      ...['-m', 'tcp', '-p', String(tcpServer.port), '-a', '1', '-t', '4', '-0', '-r', '106'],
      '127.0.0.1',
      '4321',
    ]);
    expect(stdout).toMatch(/Written 1 references/);
    expect(unitBank.holding.get(106)).toBe(4321);
  });

  it('pymodbus reads and writes registers and coils on our TCP server', async () => {
    const unitBank = freshBank();
    tcpServer = await startModbusTcpServer({
      port: 0,
      resolveUnit: (unit) => (unit === 1 ? unitBank : undefined),
    });
    const stdout = await runPython(CLIENT_SCRIPT, [
      ...['tcp', '127.0.0.1', String(tcpServer.port), '1'],
      ...[
        'read-holding:106:1',
        'write-registers:10:7,8,9',
        'read-holding:10:3',
        'write-coil:5:1',
        'read-coils:0:8',
      ],
    ]);
    expect(jsonLines(stdout)).toEqual([
      { op: 'read-holding:106:1', registers: [1234] },
      { op: 'write-registers:10:7,8,9', ok: true },
      { op: 'read-holding:10:3', registers: [7, 8, 9] },
      { op: 'write-coil:5:1', ok: true },
      { op: 'read-coils:0:8', bits: [false, false, true, false, false, true, false, false] },
    ]);
  });

  it('pymodbus sees the gateway exception 0x0B for a unit our TCP server does not have', async () => {
    tcpServer = await startModbusTcpServer({
      port: 0,
      resolveUnit: (unit) => (unit === 1 ? freshBank() : undefined),
    });
    const stdout = await runPython(CLIENT_SCRIPT, [
      'tcp',
      '127.0.0.1',
      String(tcpServer.port),
      '7',
      'read-holding:106:1',
    ]);
    expect(jsonLines(stdout)).toEqual([{ op: 'read-holding:106:1', exception: 0x0b }]);
  });

  it('pymodbus serial client reads and writes our RTU server through a pty pair', async () => {
    pty = await openPtyPair();
    const unitBank = freshBank();
    rtuServer = await startModbusRtuServer({
      transport: { path: pty.a, serial: { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 } },
      resolveUnit: (unit) => (unit === 3 ? unitBank : undefined),
    });
    const stdout = await runPython(CLIENT_SCRIPT, [
      ...['rtu', pty.b, '3'],
      ...['read-holding:106:1', 'write-register:106:555', 'read-holding:105:2'],
    ]);
    expect(jsonLines(stdout)).toEqual([
      { op: 'read-holding:106:1', registers: [1234] },
      { op: 'write-register:106:555', ok: true },
      { op: 'read-holding:105:2', registers: [0, 555] },
    ]);
    expect(rtuServer.stats.requests).toBe(3);
  });
});

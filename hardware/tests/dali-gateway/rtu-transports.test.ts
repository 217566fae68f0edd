/**
 * The gateway on a serial line (a socat pty whose driver end is a link at the asked path) and behind a
 * serial device server (RTU frames over TCP), read and written by modbus-serial's RTU client.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ModbusRTU from 'modbus-serial';
import { afterEach, describe, expect, it } from 'vitest';
import { arcToPercent, percentToArc } from '@phare/device-drivers/dali/index.ts';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
} from '@phare/hardware/simulators/dali-gateway/index.ts';
import { closeClient, exceptionOf, waitFor, type Client } from './wire.ts';

const luminaires = [
  { shortAddress: 0, groups: [0] },
  { shortAddress: 1, groups: [0] },
];

describe('DALI gateway over RTU', () => {
  let sim: DaliGatewaySimulator | undefined;
  let client: Client | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    if (client) await closeClient(client);
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    client = sim = dir = undefined;
  });

  it('serves Modbus RTU on a pty whose driver end appears at the asked path, and removes it on stop', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'phare-dali-rtu-'));
    const ttyPath = path.join(dir, 'ttyDALI0');
    sim = await startDaliGatewaySimulator({
      model: 'intesis',
      transport: { kind: 'rtu', path: ttyPath },
      unitId: 3,
      luminaires,
      fadeTimeX: 0,
    });
    expect(existsSync(ttyPath)).toBe(true);
    client = new ModbusRTU();
    await client.connectRTUBuffered(ttyPath, { baudRate: 19200, parity: 'even', dataBits: 8, stopBits: 1 });
    client.setID(3);
    client.setTimeout(2000);
    await client.writeRegister(115, 20);
    const level = await waitFor(
      async () => (await client!.readHoldingRegisters(106, 1)).data[0],
      (v) => v === Math.round(arcToPercent(percentToArc(20))),
    );
    expect(level).toBe(Math.round(arcToPercent(percentToArc(20))));
    expect(await exceptionOf(client.readHoldingRegisters(206, 1))).toBe(0x0b);
    // Another unit id on the line: nobody answers.
    client.setID(4);
    client.setTimeout(300);
    await expect(client.readHoldingRegisters(106, 1)).rejects.toThrow(/timed out/i);
    await closeClient(client);
    client = undefined;
    await sim.stop();
    sim = undefined;
    expect(existsSync(ttyPath)).toBe(false);
  });

  it('refuses to replace an existing file at the pty path', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'phare-dali-rtu-'));
    await expect(
      startDaliGatewaySimulator({ model: 'intesis', transport: { kind: 'rtu', path: dir }, luminaires }),
    ).rejects.toThrow(/already exists/);
  });

  it('serves RTU frames over TCP like a serial device server', async () => {
    sim = await startDaliGatewaySimulator({
      model: 'dalion',
      transport: { kind: 'rtu-over-tcp', port: 0 },
      luminaires,
      fadeTimeX: 0,
    });
    client = new ModbusRTU();
    // modbus-serial's "telnet" port carries raw RTU frames over TCP (its TcpRTUBuffered port adds MBAP).
    await client.connectTelnet('127.0.0.1', { port: sim.modbusPort! });
    client.setID(1);
    client.setTimeout(2000);
    await client.writeRegister(80, 255); // broadcast level
    expect((await client.readHoldingRegisters(80, 1)).data).toEqual([255]);
    await sim.line.bus.whenDrained();
    const now = sim.line.clock.now();
    expect(sim.line.gear.map((g) => g.levelAt(now))).toEqual([254, 254]);
  });
});

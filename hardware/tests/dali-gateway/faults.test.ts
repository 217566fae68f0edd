/**
 * Faults on demand through the control API, observed by a third-party Modbus client
 * (ARCHITECTURE.md §2 "Simulator", §6 "Nothing breaks in front of an audience").
 */
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
} from '@phare/hardware/simulators/dali-gateway/index.ts';
import { closeClient, exceptionOf, getJson, postJson, tcpClient } from './wire.ts';

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('DALI gateway faults', () => {
  let sim: DaliGatewaySimulator;
  let port: number;
  let control: string;

  beforeAll(async () => {
    sim = await startDaliGatewaySimulator({
      model: 'intesis',
      transport: { kind: 'tcp', port: 0 },
      luminaires: [
        { shortAddress: 0, groups: [0], ratedPowerW: 60 },
        { shortAddress: 1, groups: [0], ratedPowerW: 60 },
      ],
      fadeTimeX: 0,
      controlPort: 0,
    });
    port = sim.modbusPort!;
    control = sim.controlUrl!;
  });

  afterAll(() => sim.stop());

  beforeEach(async () => {
    expect((await postJson(`${control}/reset`, {})).status).toBe(200);
  });

  it('answers the next N requests with the injected exception, then recovers', async () => {
    const client = await tcpClient(port);
    try {
      const injected = await postJson(`${control}/exceptions`, { code: 6, count: 2 });
      expect(injected.status).toBe(200);
      expect(await exceptionOf(client.readHoldingRegisters(6, 1))).toBe(0x06);
      expect(await exceptionOf(client.writeRegister(15, 50))).toBe(0x06);
      expect((await client.readHoldingRegisters(7, 1)).data).toEqual([6]);
    } finally {
      await closeClient(client);
    }
  });

  it('stays silent while asked, keeping the connection open, and answers again afterwards', async () => {
    const client = await tcpClient(port);
    try {
      client.setTimeout(300);
      await postJson(`${control}/gateway`, { silent: true });
      await expect(client.readHoldingRegisters(6, 1)).rejects.toThrow(/timed out/i);
      expect(client.isOpen).toBe(true);
      await postJson(`${control}/gateway`, { silent: false });
      client.setTimeout(2000);
      expect((await client.readHoldingRegisters(7, 1)).data).toEqual([6]);
    } finally {
      await closeClient(client);
    }
  });

  it('delays every answer by the asked number of milliseconds', async () => {
    const client = await tcpClient(port);
    try {
      await postJson(`${control}/gateway`, { delayMs: 300 });
      const started = Date.now();
      await client.readHoldingRegisters(7, 1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await closeClient(client);
    }
  });

  it('stops listening and drops connections when switched off, then listens again on the same port', async () => {
    const client = await tcpClient(port);
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    const off = await postJson(`${control}/gateway`, { running: false });
    expect(off.body).toMatchObject({ running: false });
    await closed;
    expect(await canConnect(port)).toBe(false);
    await postJson(`${control}/gateway`, { running: true });
    expect(sim.modbusPort).toBe(port);
    const again = await tcpClient(port);
    try {
      expect((await again.readHoldingRegisters(7, 1)).data).toEqual([6]);
    } finally {
      await closeClient(again);
      await closeClient(client);
    }
  });

  it('reports gear, power, energy and bus counters in GET /state, with power following the level', async () => {
    const client = await tcpClient(port);
    try {
      await client.writeRegister(15, 100);
      await client.writeRegister(115, 0);
      await sim.line.bus.whenDrained();
      const { status, body } = await getJson(`${control}/state`);
      expect(status).toBe(200);
      const state = body as {
        gear: { shortAddress: number; levelPercent: number; arc: number; powerW: number; status: number }[];
        totals: { powerW: number; energyWh: number };
        bus: { frames: Record<string, number>; busyMs: number; queueLength: number };
      };
      const [lit, dark] = state.gear;
      expect(lit).toMatchObject({ shortAddress: 0, levelPercent: 100, arc: 254, powerW: 60.3 });
      expect(dark).toMatchObject({ shortAddress: 1, levelPercent: 0, arc: 0, powerW: 0.3 });
      expect(state.totals.powerW).toBeCloseTo(60.6, 6);
      expect(state.totals.energyWh).toBeGreaterThan(0);
      expect(state.bus.frames['short']).toBe(2);
      expect(state.bus.busyMs).toBeGreaterThan(0);
    } finally {
      await closeClient(client);
    }
  });

  it('rejects bad control input with clear 4xx JSON errors', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['/gear/9', { lampFailure: true }, 404, /no luminaire at short address 9/],
      ['/gear/64', { lampFailure: true }, 400, /short must be an integer from 0 to 63/],
      ['/gear/0', { lampFailure: 'yes' }, 400, /lampFailure must be true or false/],
      ['/gear/0', { lampfailure: true }, 400, /unknown field\(s\) lampfailure/],
      ['/gateway', { delayMs: -1 }, 400, /delayMs must be an integer/],
      ['/exceptions', { code: 7, count: 1 }, 400, /not a Modbus exception code/],
      ['/exceptions', { code: 6 }, 400, /count is required/],
      ['/gateway', '{not json', 400, /not valid JSON/],
      ['/nowhere', {}, 404, /no route/],
    ];
    for (const [path, body, status, message] of cases) {
      const answer = await postJson(`${control}${path}`, body);
      expect(answer.status, path).toBe(status);
      expect((answer.body as { error: { message: string } }).error.message).toMatch(message);
    }
    const wrongMethod = await getJson(`${control}/reset`);
    expect(wrongMethod.status).toBe(405);
  });
});

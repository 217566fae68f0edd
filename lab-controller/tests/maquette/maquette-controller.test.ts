/**
 * The maquette (an Arduino Uno through Firmata) as a site device like any other, through the wire:
 * hardware/sites/maquette.yaml with its simulated board on a temporary pty, the controller's HTTP
 * API and socket.io feed on an ephemeral port. Stimuli go through the simulator's control API
 * (hardware/simulators/firmata-board/README.md), and what reached the board is read from its GET /state.
 */
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditRecord,
  ClientToServerEvents,
  DeviceHealth,
  PointSnapshot,
  PointState,
  ServerToClientEvents,
  WriteResultBody,
} from '../../src/api/wire.ts';
import { repoRoot } from '../../src/config/paths.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import {
  dataOf,
  eventually,
  getJson,
  postJson,
  removeDir,
  startTestController,
  tempDir,
} from '../support/harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface BoardState {
  cable: { connected: boolean };
  firmware: { counters: { messagesIn: number } };
  lamps: { pin: number; duty: number }[];
  gate: { targetDeg: number | null };
  motion: boolean;
  button: boolean;
}

const MAQUETTE_SITE = join(repoRoot, 'hardware/sites/maquette.yaml');

let dir: string;
let sims: RunningSimulators;
let controller: Controller;
let socket: Client;
let controlUrl: string;
const changes: PointState[] = [];

beforeAll(async () => {
  dir = tempDir('phare-maquette-');
  sims = await startSimulators(loadSiteOrThrow(MAQUETTE_SITE), { ephemeralPorts: true });
  controlUrl = sims.endpoints.find((e) => e.device === 'maquette')!.controlUrl!;
  controller = await startTestController(sims, dir);
  socket = connect(controller.url, { transports: ['websocket'], reconnection: false });
  socket.on('points', (batch) => changes.push(...batch.filter((c) => c.id.startsWith('maquette.'))));
  await new Promise((resolve) => socket.once('snapshot', resolve));
}, 60_000);

afterAll(async () => {
  socket?.disconnect();
  await controller?.stop();
  await sims?.stop();
  removeDir(dir);
});

const point = async (id: string): Promise<PointSnapshot> =>
  dataOf(await getJson<PointSnapshot>(`${controller.url}/api/points/${id}`));
const health = async (): Promise<DeviceHealth> =>
  dataOf(await getJson<DeviceHealth[]>(`${controller.url}/api/devices`)).find((d) => d.id === 'maquette')!;
const audit = async (pointId: string): Promise<AuditRecord[]> =>
  dataOf(await getJson<AuditRecord[]>(`${controller.url}/api/audit?point=${pointId}`));
const board = async (): Promise<BoardState> =>
  (await (await fetch(new URL('/state', controlUrl))).json()) as BoardState;
const stimulate = async (route: string, body: unknown): Promise<void> => {
  const res = await fetch(new URL(route, controlUrl), { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
};
const pointIs = (id: string, test: (s: PointState) => boolean, timeoutMs = 15_000) =>
  eventually(async () => ((s) => (test(s) ? s : undefined))((await point(id)).state), timeoutMs, id);
const dutyIs = (pin: number, duty: number) =>
  eventually(
    async () => ((await board()).lamps.find((l) => l.pin === pin)?.duty === duty ? true : undefined),
    10_000,
    `pin ${pin} duty ${duty} on the board`,
  );
const heard = (id: string, value: unknown) =>
  eventually(
    () => (changes.some((c) => c.id === id && c.value === value && c.quality === 'good') ? true : undefined),
    15_000,
    `${id} = ${String(value)} over socket.io`,
  );

describe('the maquette on its pty, driven by the controller', () => {
  it('comes online with every component as a point, labelled and limited from the profile', async () => {
    await eventually(async () => ((await health()).status === 'online' ? true : undefined), 30_000);
    const lamp = await pointIs('maquette.lamp1', (s) => s.quality === 'good');
    expect(lamp.value).toBe(0); // nothing is written at start: the board's reset state
    const meta = (await point('maquette.gate')).meta;
    expect(meta).toMatchObject({
      label: { fr: 'Vanne de crue', en: 'Flood gate' },
      unit: 'deg',
      writable: true,
      limits: { min: 0, max: 90 },
    });
    expect((await point('maquette.motion')).meta).toMatchObject({ type: 'boolean', writable: false });
  }, 45_000);

  it('sends an LED level written through the API to the board as a PWM duty, and reads it back', async () => {
    const answer = await postJson<WriteResultBody>(`${controller.url}/api/points/maquette.lamp2`, {
      value: 40,
    });
    expect(answer.status).toBe(200);
    expect(dataOf(answer).commands).toEqual(['LED lamp2 pin 5 PWM 102/255 (40 %)']);
    await dutyIs(5, 102);
    await pointIs('maquette.lamp2', (s) => s.value === 40);
    await heard('maquette.lamp2', 40);
  });

  it('pushes the PIR and the call button as point changes over socket.io and in GET /api/points', async () => {
    await pointIs('maquette.motion', (s) => s.value === false && s.quality === 'good');
    await stimulate('/motion', { active: true });
    await heard('maquette.motion', true);
    await stimulate('/button', { pressed: true });
    await heard('maquette.button', true);
    expect((await point('maquette.button')).state).toMatchObject({ value: true, quality: 'good' });
    await stimulate('/button', { pressed: false });
    await stimulate('/motion', { active: false });
    await pointIs('maquette.button', (s) => s.value === false);
    await pointIs('maquette.motion', (s) => s.value === false);
  });

  it('shows the analog level sensor in millimetres, scaled from the 10-bit ADC', async () => {
    await stimulate('/basin', { levelPct: 50, inflowLps: 0 });
    // 50 % of the 100 mm basin reads 511 or 512 of 1023 on A0: 49.95 or 50.05 mm.
    const level = await pointIs('maquette.level', (s) => Math.abs((s.value as number) - 50) < 0.2);
    expect(level.quality).toBe('good');
    expect((await point('maquette.level')).meta).toMatchObject({ unit: 'mm', writable: false });
  });

  it('moves the flood gate within its limits and refuses beyond them with 400, audited', async () => {
    const ok = await postJson<WriteResultBody>(`${controller.url}/api/points/maquette.gate`, { value: 60 });
    expect(ok.status).toBe(200);
    expect(dataOf(ok).commands).toEqual(['servo gate pin 9 to 60°']);
    await eventually(async () => ((await board()).gate.targetDeg === 60 ? true : undefined));
    await pointIs('maquette.gate', (s) => s.value === 60);

    const refused = await postJson<WriteResultBody>(`${controller.url}/api/points/maquette.gate`, {
      value: 120,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.ok ? undefined : refused.body.error.code).toBe('OUT_OF_RANGE');
    const [entry] = await audit('maquette.gate');
    expect(entry).toMatchObject({ newValue: 120, ok: false, error: { code: 'OUT_OF_RANGE' } });
    expect((await board()).gate.targetDeg).toBe(60);
    const led = await postJson<WriteResultBody>(`${controller.url}/api/points/maquette.lamp1`, {
      value: 101,
    });
    expect(led.status).toBe(400);
  });

  it('shows the device offline when the cable is pulled, and back online with fresh values when it returns', async () => {
    // Host traffic in steady state: the outputs' pin-state queries, one round per poll interval.
    const rate = async (): Promise<number> => {
      const before = (await board()).firmware.counters.messagesIn;
      await new Promise((r) => setTimeout(r, 3000));
      return (await board()).firmware.counters.messagesIn - before;
    };
    const steady = await rate();
    expect(steady).toBeGreaterThan(0);

    await stimulate('/cable', { connected: false });
    await eventually(async () => ((await health()).status === 'offline' ? true : undefined), 20_000);
    expect((await health()).lastError?.code).toBe('DISCONNECTED');
    expect((await point('maquette.lamp2')).state.quality).toBe('offline');
    const whileOut = await postJson<WriteResultBody>(`${controller.url}/api/points/maquette.lamp2`, {
      value: 10,
    });
    expect(whileOut.status).toBeGreaterThanOrEqual(400);

    await stimulate('/cable', { connected: true });
    await eventually(async () => ((await health()).status === 'online' ? true : undefined), 45_000);
    // The board rebooted: its outputs are back at their reset state, read fresh from it.
    await pointIs('maquette.lamp2', (s) => s.quality === 'good' && s.value === 0);
    await pointIs('maquette.level', (s) => s.quality === 'good');
    // Inputs are subscribed again on the new link.
    changes.length = 0;
    await stimulate('/button', { pressed: true });
    await heard('maquette.button', true);
    await stimulate('/button', { pressed: false });
    // One subscription on the new link, not one per link ever made: the same query traffic.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await rate()).toBeLessThan(steady * 1.5 + 2);
    // And writes reach the board again.
    const again = await postJson<WriteResultBody>(`${controller.url}/api/points/maquette.lamp3`, {
      value: 100,
    });
    expect(again.status).toBe(200);
    await dutyIs(6, 255);
    expect((await health()).stats.reconnects).toBeGreaterThanOrEqual(1);
  }, 120_000);
});

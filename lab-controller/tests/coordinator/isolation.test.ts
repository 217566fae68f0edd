import { afterEach, describe, expect, it } from 'vitest';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import type { ModbusTcpServer } from '@phare/hardware/simulators/modbus-server/index.ts';
import { createCoordinator } from '@phare/lab-controller/coordinator/coordinator.ts';
import type { CoordinatedDevice, Coordinator } from '@phare/lab-controller/coordinator/contract.ts';
import { eventually, record, serveUnits, sleep, tcpLinks, unitMemory } from './rig.ts';

let server: ModbusTcpServer | undefined;
let coordinator: Coordinator | undefined;
afterEach(async () => {
  await coordinator?.stop();
  await server?.close();
  coordinator = undefined;
  server = undefined;
});

function device(id: string, unitId: number): CoordinatedDevice {
  return {
    id,
    driver: new ModbusDeviceDriver({
      unitId,
      deviceId: id,
      points: [{ id: 'level', table: 'holding', address: 0, type: 'uint16', access: 'read' }],
    }),
    pollIntervalsMs: { default: 100 },
    timeoutMs: 200,
  };
}

const countSince = (log: { at: number }[], since: number) => log.filter((entry) => entry.at >= since).length;

describe('coordinator isolation of a dead unit behind one TCP gateway', () => {
  it('keeps polling the live unit at its rate while the silent one is only probed with backoff', async () => {
    const alive = unitMemory([[0, 5]]);
    const dead = unitMemory([[0, 9]]);
    server = await serveUnits({ 1: alive, 2: dead });
    coordinator = createCoordinator({
      connectionKey: 'gateway',
      openLink: tcpLinks(server.port, 200),
      devices: [device('north', 1), device('south', 2)],
      unitDeadAfterTimeouts: 3,
      unitProbeBackoff: { initialMs: 800, maxMs: 1_600 },
    });
    const events = record(coordinator);
    coordinator.start();
    await eventually(
      () => coordinator!.status('south') === 'online' && coordinator!.status('north') === 'online',
    );

    dead.silent = true;
    const silentSince = Date.now();
    await eventually(() => coordinator!.status('south') === 'offline', 5_000, 'south offline');
    expect(events.latest('south', 'level')).toMatchObject({ value: 9, quality: 'offline' });
    const offline = events.statuses.find((s) => s.device === 'south' && s.status === 'offline');
    expect(offline?.error).toMatchObject({ code: 'TIMEOUT' });

    const windowStart = Date.now();
    await sleep(3_000);
    const northPolls = countSince(alive.log, windowStart);
    const southRequests = countSince(dead.log, windowStart);
    // 30 intervals of 100 ms: the live unit keeps most of its rate (generous for a loaded machine)…
    expect(northPolls).toBeGreaterThanOrEqual(18);
    // …while the dead one is probed every 0.8–1.6 s: at most 4 probes in 3 s.
    expect(southRequests).toBeLessThanOrEqual(5);
    expect(countSince(dead.log, silentSince)).toBeLessThanOrEqual(9);
    expect(coordinator.status('north')).toBe('online');
    expect(events.statusesOf('north')).toEqual(['online']);
    expect(coordinator.stats('south').timeouts).toBeGreaterThanOrEqual(3);

    // It comes back by itself at the next probe.
    dead.silent = false;
    dead.holding.set(0, 10);
    await eventually(() => coordinator!.status('south') === 'online', 5_000, 'south online again');
    await eventually(() => events.latest('south', 'level')?.quality === 'good', 2_000, 'fresh value');
    expect(events.latest('south', 'level')?.value).toBe(10);
    expect(events.statusesOf('south')).toEqual(['online', 'offline', 'online']);
  });

  it('marks points stale after missed polls, before the unit is declared dead', async () => {
    const slow = unitMemory([[0, 1]]);
    server = await serveUnits({ 1: slow });
    coordinator = createCoordinator({
      connectionKey: 'gateway',
      openLink: tcpLinks(server.port, 1_500),
      devices: [{ ...device('tank', 1), timeoutMs: 1_500, staleAfterMissedPolls: 3 }],
    });
    const events = record(coordinator);
    coordinator.start();
    await eventually(() => events.latest('tank', 'level')?.quality === 'good');
    // Answers now take 1 s: the 100 ms polls are missed, but nothing has timed out.
    slow.delayMs = 1_000;
    await eventually(() => events.latest('tank', 'level')?.quality === 'stale', 5_000, 'stale');
    expect(coordinator.stats('tank').timeouts).toBe(0);
    slow.delayMs = 0;
    await eventually(() => events.latest('tank', 'level')?.quality === 'good', 5_000, 'good again');
  });
});

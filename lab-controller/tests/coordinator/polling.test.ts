import { afterEach, describe, expect, it } from 'vitest';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
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

const point = (
  id: string,
  address: number,
  access: ModbusPointDef['access'] = 'readwrite',
): ModbusPointDef => ({
  id,
  table: 'holding',
  address,
  type: 'uint16',
  access,
});

function device(id: string, unitId: number, points: ModbusPointDef[], intervalMs = 100): CoordinatedDevice {
  return {
    id,
    driver: new ModbusDeviceDriver({ unitId, deviceId: id, points }),
    pollIntervalsMs: { default: intervalMs },
    timeoutMs: 300,
  };
}

describe('coordinator polling over Modbus TCP', () => {
  it('polls a device at its interval with one merged request and reports only changes', async () => {
    const memory = unitMemory([
      [0, 11],
      [1, 22],
    ]);
    server = await serveUnits({ 1: memory });
    coordinator = createCoordinator({
      connectionKey: 'test',
      openLink: tcpLinks(server.port, 300),
      devices: [device('meter', 1, [point('a', 0), point('b', 1)], 100)],
    });
    const events = record(coordinator);
    coordinator.start();
    await eventually(() => coordinator!.status('meter') === 'online', 5_000, 'online');
    const firstRead = memory.log.length;
    await sleep(1_500);
    const polls = memory.log.length - firstRead;
    // 15 intervals in 1.5 s; generous bounds for a loaded machine.
    expect(polls).toBeGreaterThanOrEqual(7);
    expect(polls).toBeLessThanOrEqual(17);
    expect(new Set(memory.log.map((entry) => entry.what))).toEqual(new Set(['read holding 0 2']));
    expect(events.latest('meter', 'a')).toMatchObject({ value: 11, quality: 'good' });
    // Unchanged values are reported once, not on every poll.
    expect(events.points.filter((e) => e.updates.some((u) => u.point === 'a'))).toHaveLength(1);

    memory.holding.set(1, 23);
    await eventually(() => events.latest('meter', 'b')?.value === 23, 3_000, 'changed value');
    const stats = coordinator.stats('meter');
    expect(stats.requests).toBeGreaterThanOrEqual(polls);
    expect(stats.errors).toBe(0);
    expect(stats.latencyMs.p50).not.toBeNull();
    expect(stats.lastPollAt).not.toBeNull();
    expect(stats.requestRate).toBeGreaterThan(2);
  });

  it('reads on demand with readNow, bypassing the schedule', async () => {
    server = await serveUnits({ 4: unitMemory([[7, 70]]) });
    coordinator = createCoordinator({
      connectionKey: 'test',
      openLink: tcpLinks(server.port, 300),
      devices: [device('valve', 4, [point('position', 7)], 60_000)],
    });
    coordinator.start();
    await eventually(() => coordinator!.status('valve') === 'online', 5_000, 'online');
    expect(await coordinator.readNow('valve', ['position'])).toEqual([{ point: 'position', value: 70 }]);
  });

  it('sends a write ahead of queued polls and loses neither while a poll is in flight', async () => {
    // Five separate requests per cycle (gaps of 10 registers), each taking 80 ms at the unit.
    const memory = unitMemory();
    server = await serveUnits({ 1: memory });
    const points = [0, 10, 20, 30, 40].map((address) => point(`r${address}`, address));
    coordinator = createCoordinator({
      connectionKey: 'test',
      openLink: tcpLinks(server.port, 1_000),
      devices: [{ ...device('plc', 1, points, 200), timeoutMs: 1_000 }],
    });
    const events = record(coordinator);
    coordinator.start();
    await eventually(() => coordinator!.status('plc') === 'online', 5_000, 'online');
    memory.delayMs = 80;
    await eventually(
      () => memory.log.length > 0 && memory.log.at(-1)!.what.startsWith('read holding 0 '),
      5_000,
      'a new cycle',
    );
    const before = memory.log.length;
    const report = await coordinator.write('plc', [{ point: 'r40', value: 4242 }]);
    expect(report.outcomes).toEqual([{ point: 'r40', ok: true }]);
    expect(report.commands).toEqual(['FC06 holding 40 ← 4242 (unit 1)']);
    // At most the poll already in flight went before the write; the four queued polls waited.
    const writeIndex = memory.log.findIndex((entry) => entry.what.startsWith('write'));
    expect(writeIndex).toBeGreaterThanOrEqual(before - 1);
    expect(writeIndex).toBeLessThanOrEqual(before + 1);
    expect(memory.holding.get(40)).toBe(4242);
    await eventually(() => events.latest('plc', 'r40')?.value === 4242, 5_000, 'written value read back');
    // The polls of that cycle still ran: every request key was polled after the write.
    await eventually(
      () =>
        [0, 10, 20, 30].every((a) =>
          memory.log.slice(writeIndex).some((e) => e.what === `read holding ${a} 1`),
        ),
      5_000,
      'every poll after the write',
    );
  });

  it('refuses writes and reads to a device it does not know', async () => {
    server = await serveUnits({ 1: unitMemory() });
    coordinator = createCoordinator({
      connectionKey: 'test',
      openLink: tcpLinks(server.port, 300),
      devices: [device('meter', 1, [point('a', 0)])],
    });
    coordinator.start();
    await expect(coordinator.write('nope', [{ point: 'a', value: 1 }])).rejects.toMatchObject({
      code: 'UNKNOWN_POINT',
    });
    await expect(coordinator.readNow('meter', ['missing'])).rejects.toMatchObject({ code: 'UNKNOWN_POINT' });
  });
});

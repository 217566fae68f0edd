import { afterEach, describe, expect, it } from 'vitest';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import type { ModbusTcpServer } from '@phare/hardware/simulators/modbus-server/index.ts';
import { createCoordinator } from '@phare/lab-controller/coordinator/coordinator.ts';
import type {
  CoordinatedDevice,
  Coordinator,
  LinkFactory,
} from '@phare/lab-controller/coordinator/contract.ts';
import {
  eventually,
  rtuOverTcpLinks,
  serveUnits,
  serveUnitsRtuOverTcp,
  sleep,
  tcpLinks,
  unitMemory,
  type UnitMemory,
} from './rig.ts';

let server: ModbusTcpServer | undefined;
let coordinator: Coordinator | undefined;
afterEach(async () => {
  await coordinator?.stop();
  await server?.close();
  coordinator = undefined;
  server = undefined;
});

function device(id: string, unitId: number, timeoutMs: number): CoordinatedDevice {
  return {
    id,
    driver: new ModbusDeviceDriver({
      unitId,
      deviceId: id,
      points: [{ id: 'value', table: 'holding', address: 0, type: 'uint16', access: 'read' }],
    }),
    pollIntervalsMs: { default: 100 },
    timeoutMs,
  };
}

/** Most requests the units were busy with at the same moment. */
function maxOverlap(...logs: UnitMemory['log'][]): number {
  const edges = logs
    .flat()
    .filter((entry) => entry.doneAt !== undefined)
    .flatMap((entry) => [
      { at: entry.at, step: 1 },
      { at: entry.doneAt!, step: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.step - b.step);
  let current = 0;
  let max = 0;
  for (const edge of edges) max = Math.max(max, (current += edge.step));
  return max;
}

async function runTwoUnits(openLink: LinkFactory): Promise<void> {
  coordinator = createCoordinator({
    connectionKey: 'line',
    openLink,
    devices: [device('a', 1, 1_000), device('b', 2, 1_000)],
  });
  coordinator.start();
  await eventually(() => coordinator!.status('a') === 'online' && coordinator!.status('b') === 'online');
  await sleep(1_000);
}

describe('coordinator on a serial line versus TCP', () => {
  it('keeps one request in flight on a serial line, even for two units', async () => {
    const [a, b] = [unitMemory(), unitMemory()];
    a.delayMs = b.delayMs = 30;
    server = await serveUnitsRtuOverTcp({ 1: a, 2: b });
    await runTwoUnits(rtuOverTcpLinks(server.port, 1_000));
    expect(a.log.length + b.log.length).toBeGreaterThan(10);
    expect(maxOverlap(a.log, b.log)).toBe(1);
  });

  it('lets two units on TCP work at the same time, one request each', async () => {
    const [a, b] = [unitMemory(), unitMemory()];
    a.delayMs = b.delayMs = 30;
    server = await serveUnits({ 1: a, 2: b });
    await runTwoUnits(tcpLinks(server.port, 1_000));
    expect(maxOverlap(a.log)).toBe(1);
    expect(maxOverlap(b.log)).toBe(1);
    expect(maxOverlap(a.log, b.log)).toBe(2);
  });

  it('keeps a serial line usable when one unit on it goes silent', async () => {
    const [alive, dead] = [unitMemory(), unitMemory()];
    server = await serveUnitsRtuOverTcp({ 1: alive, 2: dead });
    coordinator = createCoordinator({
      connectionKey: 'line',
      openLink: rtuOverTcpLinks(server.port, 150),
      devices: [device('alive', 1, 150), device('dead', 2, 150)],
      unitProbeBackoff: { initialMs: 1_000, maxMs: 2_000 },
    });
    coordinator.start();
    await eventually(() => coordinator!.status('dead') === 'online');
    dead.silent = true;
    await eventually(() => coordinator!.status('dead') === 'offline', 5_000, 'dead unit offline');
    const from = Date.now();
    await sleep(2_000);
    // Each probe blocks the line for one timeout (150 ms); the live unit keeps most of its 20 polls.
    expect(alive.log.filter((entry) => entry.at >= from).length).toBeGreaterThanOrEqual(12);
    expect(coordinator.status('alive')).toBe('online');
  });
});

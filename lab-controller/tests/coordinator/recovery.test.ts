import { afterEach, describe, expect, it } from 'vitest';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import { Canceled } from '@phare/device-drivers/errors.ts';
import { ExceptionCode } from '@phare/device-drivers/modbus/types.ts';
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

function device(id: string, unitId: number, intervalMs = 100): CoordinatedDevice {
  return {
    id,
    driver: new ModbusDeviceDriver({
      unitId,
      deviceId: id,
      points: [
        { id: 'flow', table: 'holding', address: 0, type: 'uint16', scale: 0.1, access: 'read' },
        { id: 'setpoint', table: 'holding', address: 1, type: 'uint16', access: 'readwrite' },
      ],
    }),
    pollIntervalsMs: { default: intervalMs },
    timeoutMs: 300,
  };
}

describe('coordinator recovery', () => {
  it('reconnects by itself after the server goes away and comes back on the same port', async () => {
    const memory = unitMemory([[0, 123]]);
    server = await serveUnits({ 1: memory });
    const port = server.port;
    coordinator = createCoordinator({
      connectionKey: `modbus-tcp://127.0.0.1:${port}`,
      openLink: tcpLinks(port, 300),
      devices: [device('pump', 1)],
      backoff: { initialMs: 100, maxMs: 400 },
    });
    const events = record(coordinator);
    coordinator.start();
    await eventually(() => events.latest('pump', 'flow')?.value === 12.3, 5_000, 'first value');

    await server.close();
    server = undefined;
    await eventually(() => coordinator!.status('pump') === 'offline', 5_000, 'offline');
    expect(events.latest('pump', 'flow')).toMatchObject({ value: 12.3, quality: 'offline' });
    await expect(coordinator.write('pump', [{ point: 'setpoint', value: 1 }])).rejects.toMatchObject({
      code: 'DISCONNECTED',
    });
    await sleep(800); // several failed reconnect attempts while the port is closed

    memory.holding.set(0, 456);
    server = await serveUnits({ 1: memory }, port);
    await eventually(() => coordinator!.status('pump') === 'online', 8_000, 'online again');
    await eventually(() => events.latest('pump', 'flow')?.quality === 'good', 2_000, 'fresh value');
    expect(events.latest('pump', 'flow')?.value).toBe(45.6);
    expect(events.statusesOf('pump')).toEqual(['online', 'offline', 'online']);
    expect(coordinator.stats('pump').reconnects).toBe(1);
    expect(coordinator.lastError('pump')?.code).toBe('DISCONNECTED');
  });

  it('recovers from a dropped connection while the server keeps listening', async () => {
    const memory = unitMemory([[1, 7]]);
    server = await serveUnits({ 1: memory });
    coordinator = createCoordinator({
      connectionKey: 'drop',
      openLink: tcpLinks(server.port, 300),
      devices: [device('pump', 1)],
      backoff: { initialMs: 50, maxMs: 200 },
    });
    const events = record(coordinator);
    coordinator.start();
    await eventually(() => coordinator!.status('pump') === 'online');
    server.dropConnections();
    await eventually(() => events.statusesOf('pump').length >= 3, 5_000, 'offline then online');
    expect(events.statusesOf('pump')).toEqual(['online', 'offline', 'online']);
    expect(server.stats.connections).toBe(2);
  });

  it('makes the points of a refused request bad, with the Modbus exception code in lastError', async () => {
    const memory = unitMemory([[0, 50]]);
    server = await serveUnits({ 1: memory });
    coordinator = createCoordinator({
      connectionKey: 'test',
      openLink: tcpLinks(server.port, 300),
      devices: [device('pump', 1)],
    });
    const events = record(coordinator);
    coordinator.start();
    await eventually(() => events.latest('pump', 'flow')?.quality === 'good');

    memory.failWith = ExceptionCode.IllegalDataAddress;
    await eventually(() => events.latest('pump', 'flow')?.quality === 'bad', 3_000, 'bad');
    expect(events.latest('pump', 'setpoint')).toMatchObject({ quality: 'bad', value: 0 });
    expect(coordinator.status('pump')).toBe('degraded');
    expect(coordinator.lastError('pump')).toMatchObject({
      code: 'PROTOCOL_EXCEPTION',
      detail: { exceptionCode: 2 },
    });
    expect(coordinator.lastError('pump')?.message).toMatch(
      /pump read holding 0\.\.1 unit 1.*0x02 ILLEGAL DATA ADDRESS/,
    );
    const degraded = events.statuses.find((s) => s.status === 'degraded');
    expect(degraded?.error).toMatchObject({ code: 'PROTOCOL_EXCEPTION', detail: { exceptionCode: 2 } });

    memory.failWith = undefined;
    await eventually(() => events.latest('pump', 'flow')?.quality === 'good', 3_000, 'good again');
    expect(coordinator.status('pump')).toBe('online');
  });

  it('stops while a poll is in flight: queued work is canceled, nothing crashes, no timer is left', async () => {
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const memory = unitMemory([[0, 1]]);
    server = await serveUnits({ 1: memory });
    coordinator = createCoordinator({
      connectionKey: 'test',
      openLink: tcpLinks(server.port, 2_000),
      devices: [{ ...device('pump', 1), timeoutMs: 2_000 }],
    });
    coordinator.start();
    await eventually(() => coordinator!.status('pump') === 'online');
    memory.delayMs = 500;
    const inFlightFrom = memory.log.length;
    await eventually(() => memory.log.length > inFlightFrom, 2_000, 'a poll in flight');
    // The unit's slot is busy, so this write waits in the queue.
    const write = coordinator
      .write('pump', [{ point: 'setpoint', value: 3 }])
      .catch((error: unknown) => error);
    await coordinator.stop();
    expect(await write).toBeInstanceOf(Canceled);
    await expect(coordinator.write('pump', [{ point: 'setpoint', value: 3 }])).rejects.toBeInstanceOf(
      Canceled,
    );
    expect(memory.holding.get(1)).toBeUndefined();
    await server.close();
    server = undefined;
    await sleep(600); // the unit's delayed answer timer ends
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
  });
});

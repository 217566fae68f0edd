/**
 * Test fixture: a register bank served by our Modbus TCP server on an ephemeral port, and a
 * client opened through the endpoint URI, as the controller does. Tests read and write through it.
 */
import {
  startModbusTcpServer,
  type ModbusTcpServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import type { PointReading } from '@phare/device-drivers/contract.ts';
import type { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import { createRegisterBank, type RegisterBank } from '../modbus/register-bank.ts';
import { startWireTap, type WireTap } from './wire-tap.ts';

export interface Rig {
  bank: RegisterBank;
  server: ModbusTcpServer;
  tap: WireTap;
  client: ModbusClient;
  close(): Promise<void>;
}

export async function startRig(
  initial: Parameters<typeof createRegisterBank>[0] = {},
  unitId = 1,
): Promise<Rig> {
  const bank = createRegisterBank(initial);
  const server = await startModbusTcpServer({
    port: 0,
    resolveUnit: (unit) => (unit === unitId ? bank : undefined),
  });
  const tap = await startWireTap(server.port);
  const client = await openModbusLink(parseEndpoint(`modbus-tcp://127.0.0.1:${tap.port}?unit=${unitId}`), {
    timeoutMs: 1000,
  });
  return {
    bank,
    server,
    tap,
    client,
    close: async () => {
      await client.close();
      await tap.close();
      await server.close();
    },
  };
}

/** Plans and performs every request for the points; returns readings by point id. */
export async function readPoints(
  driver: ModbusDeviceDriver,
  client: ModbusClient,
  ids: string[],
): Promise<Record<string, PointReading>> {
  const readings: Record<string, PointReading> = {};
  for (const request of driver.planReads(ids)) {
    for (const reading of await driver.read(client, request)) readings[reading.point] = reading;
  }
  return readings;
}

export const holding = (entries: [number, number][]): { holding: Map<number, number> } => ({
  holding: new Map(entries),
});

/**
 * Test bench for the interop suite: profiles of the shipped simulators, copies of a profile made
 * wrong on purpose, and a small Modbus TCP device (the acme/heat-meter fixture) served by the
 * simulators' own Modbus server, whose register map and request log the tests inspect.
 */
import { fileURLToPath } from 'node:url';
import {
  ExceptionCode,
  ModbusExceptionResponse,
  type ModbusUnitHandler,
} from '@phare/device-drivers/modbus/types.ts';
import { startModbusTcpServer } from '@phare/hardware/simulators/modbus-server/index.ts';
import { loadProfile } from '../../src/config/load-profile.ts';
import type { Profile } from '../../src/config/schema/profile.ts';
import type { InteropReport } from '../../src/interop/index.ts';

export const profilesDir = fileURLToPath(new URL('../../../hardware/profiles/', import.meta.url));
export const acmeProfileFile = fileURLToPath(new URL('./fixtures/acme/heat-meter.yaml', import.meta.url));

export function profile(file: string): Profile {
  const loaded = loadProfile(file.startsWith('/') ? file : `${profilesDir}${file}`);
  if (!loaded.ok) throw new Error(`fixture profile ${file}: ${JSON.stringify(loaded.problems)}`);
  return loaded.value;
}

/** A deep copy of a profile with some Modbus points changed (a profile wrong about the device). */
export function withPoints(base: Profile, change: Record<string, Record<string, unknown>>): Profile {
  const copy = structuredClone(base);
  copy.points = copy.points?.map((p) => (change[p.id] ? { ...p, ...change[p.id] } : p)) as Profile['points'];
  return copy;
}

export function check(report: InteropReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}; have ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
}

export interface AcmeDevice {
  port: number;
  holding: Map<number, number>;
  /** Every write request: address and raw words. */
  writes: { address: number; values: number[] }[];
  requests: () => number;
  stop(): Promise<void>;
}

/** The acme/heat-meter device: holding 0 (setpoint ×0.1), 1 (mode), 5 (status); input 0 (power), 1–2 (energy). */
export async function startAcmeDevice(options: { missing?: number[] } = {}): Promise<AcmeDevice> {
  const holding = new Map<number, number>([
    [0, 215],
    [1, 1],
    [5, 0b100],
  ]);
  for (const address of options.missing ?? []) holding.delete(address);
  const input = new Map<number, number>([
    [0, 1200],
    [1, 0],
    [2, 4321],
  ]);
  const writes: AcmeDevice['writes'] = [];
  const read = (table: Map<number, number>, address: number, quantity: number): number[] => {
    const words: number[] = [];
    for (let a = address; a < address + quantity; a++) {
      const word = table.get(a);
      // Modbus Application Protocol §7: an address the device does not have is exception 02.
      if (word === undefined) throw new ModbusExceptionResponse(ExceptionCode.IllegalDataAddress);
      words.push(word);
    }
    return words;
  };
  const handler: ModbusUnitHandler = {
    readRegisters: (table, address, quantity) =>
      read(table === 'holding' ? holding : input, address, quantity),
    writeRegisters: (address, values) => {
      values.forEach((_, i) => {
        if (!holding.has(address + i)) throw new ModbusExceptionResponse(ExceptionCode.IllegalDataAddress);
      });
      writes.push({ address, values: [...values] });
      values.forEach((v, i) => holding.set(address + i, v));
    },
  };
  const server = await startModbusTcpServer({
    host: '127.0.0.1',
    port: 0,
    resolveUnit: (unit) => (unit === 1 ? handler : undefined),
  });
  return {
    port: server.port,
    holding,
    writes,
    requests: () => server.stats.requests,
    stop: () => server.close(),
  };
}

/**
 * Test rig for coordinators: Modbus units served by our TCP server on an ephemeral port, a
 * LinkFactory opening real Modbus TCP links to it, and an event recorder. Each unit's memory is a
 * plain register map with switchable silence, exceptions and delay; it records what reached it.
 */
import {
  ModbusExceptionResponse,
  type ExceptionCodeValue,
  type ModbusUnitHandler,
} from '@phare/device-drivers/modbus/types.ts';
import {
  startModbusRtuOverTcpServer,
  startModbusTcpServer,
  type ModbusTcpServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import type { Coordinator, LinkFactory, PointUpdate } from '@phare/lab-controller/coordinator/contract.ts';
import type { DeviceStatus } from '@phare/lab-controller/api/wire.ts';

export interface UnitMemory extends ModbusUnitHandler {
  holding: Map<number, number>;
  silent: boolean;
  failWith: ExceptionCodeValue | undefined;
  delayMs: number;
  /** Every request that reached the unit: what and when (ms since epoch). */
  log: { what: string; at: number; doneAt?: number }[];
}

export function unitMemory(holding: [number, number][] = []): UnitMemory {
  const memory: UnitMemory = {
    holding: new Map(holding),
    silent: false,
    failWith: undefined,
    delayMs: 0,
    log: [],
    async readRegisters(table, address, quantity) {
      if (!(await arrive(`read ${table} ${address} ${quantity}`))) return undefined;
      return Array.from({ length: quantity }, (_, i) => memory.holding.get(address + i) ?? 0);
    },
    async writeRegisters(address, values) {
      if (!(await arrive(`write ${address} ${values.join(',')}`))) return 'silent';
      values.forEach((value, i) => memory.holding.set(address + i, value));
    },
  };
  const arrive = async (what: string): Promise<boolean> => {
    const entry: UnitMemory['log'][number] = { what, at: Date.now() };
    memory.log.push(entry);
    if (memory.silent) return false;
    if (memory.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, memory.delayMs));
    entry.doneAt = Date.now();
    if (memory.failWith !== undefined) throw new ModbusExceptionResponse(memory.failWith);
    return true;
  };
  return memory;
}

export async function serveUnits(units: Record<number, UnitMemory>, port = 0): Promise<ModbusTcpServer> {
  return startModbusTcpServer({ port, resolveUnit: (unit) => units[unit] });
}

export async function serveUnitsRtuOverTcp(units: Record<number, UnitMemory>): Promise<ModbusTcpServer> {
  return startModbusRtuOverTcpServer({ port: 0, resolveUnit: (unit) => units[unit] });
}

/** RTU frames through a serial device server: the link is a serial line (one request in flight). */
export function rtuOverTcpLinks(port: number, timeoutMs: number): LinkFactory {
  return () =>
    openModbusLink(parseEndpoint(`modbus-rtu-tcp://127.0.0.1:${port}?baud=115200`), {
      timeoutMs,
      connectTimeoutMs: 500,
    });
}

export function tcpLinks(port: number, timeoutMs: number): LinkFactory {
  return () =>
    openModbusLink(parseEndpoint(`modbus-tcp://127.0.0.1:${port}`), { timeoutMs, connectTimeoutMs: 500 });
}

export interface Recorder {
  points: { device: string; updates: PointUpdate[]; at: number }[];
  statuses: {
    device: string;
    status: DeviceStatus;
    error?: { code: string; message: string; detail?: Record<string, unknown> };
  }[];
  /** Latest value and quality per `device.point`. */
  latest(device: string, point: string): PointUpdate | undefined;
  statusesOf(device: string): DeviceStatus[];
}

export function record(coordinator: Coordinator): Recorder {
  const recorder: Recorder = {
    points: [],
    statuses: [],
    latest(device, point) {
      for (let i = recorder.points.length - 1; i >= 0; i--) {
        const entry = recorder.points[i]!;
        if (entry.device !== device) continue;
        const update = entry.updates.find((u) => u.point === point);
        if (update) return update;
      }
      return undefined;
    },
    statusesOf(device) {
      return recorder.statuses.filter((s) => s.device === device).map((s) => s.status);
    },
  };
  coordinator.on('points', (device, updates) => recorder.points.push({ device, updates, at: Date.now() }));
  coordinator.on('status', (device, status, error) =>
    recorder.statuses.push({ device, status, ...(error ? { error } : {}) }),
  );
  return recorder;
}

/** Waits until the condition holds, polling every 20 ms; fails after `timeoutMs`. */
export async function eventually(
  condition: () => boolean,
  timeoutMs = 8_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

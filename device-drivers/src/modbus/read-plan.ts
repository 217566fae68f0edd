/**
 * Read planning: which Modbus requests fetch a set of points with the fewest round trips.
 *
 * Every request costs a full round trip (on RS-485 about 23–46 ms for a handful of registers,
 * protocols.md §3.3), so contiguous points are merged into one request, up to the protocol limit
 * of 125 registers or 2000 bits (Modbus Application Protocol V1.1b3 §6.3/§6.1, protocols.md §3.2).
 * A request may read across a small gap of unmapped registers when the profile says they read
 * harmlessly (Intesis: unmapped addresses up to 20000 read as 0, manual p.8), but never across a
 * forbidden range, where a device answers ILLEGAL DATA ADDRESS for the whole request.
 * Points are only ever added whole, so a 32-bit value is never split over two requests.
 */
import type { RegisterTable } from './types.ts';
import { MAX_READ_BITS, MAX_READ_REGISTERS } from './types.ts';
import type { ModbusPointDef } from './point-def.ts';
import { isBitTable, widthOf } from './value-codec.ts';

export interface ReadRange {
  table: RegisterTable;
  /** First address read. */
  start: number;
  /** Number of registers or bits read. */
  quantity: number;
  /** Point ids, in address order. */
  points: string[];
}

export interface PlanLimits {
  maxGap: number;
  maxRegistersPerRequest: number;
  forbiddenRanges: { table: RegisterTable; from: number; to: number }[];
}

const TABLE_ORDER: RegisterTable[] = ['holding', 'input', 'coil', 'discrete'];

export function capFor(table: RegisterTable, limits: PlanLimits): number {
  return isBitTable({ table })
    ? MAX_READ_BITS
    : Math.min(MAX_READ_REGISTERS, Math.max(1, limits.maxRegistersPerRequest));
}

function crossesForbidden(table: RegisterTable, from: number, to: number, limits: PlanLimits): boolean {
  if (to < from) return false;
  return limits.forbiddenRanges.some(
    (range) => range.table === table && range.from <= to && range.to >= from,
  );
}

/** Groups points into merged ranges, per table then by address. */
export function planRanges(defs: ModbusPointDef[], limits: PlanLimits): ReadRange[] {
  const ranges: ReadRange[] = [];
  for (const table of TABLE_ORDER) {
    const inTable = defs
      .filter((def) => def.table === table)
      .sort((a, b) => a.address - b.address || widthOf(b) - widthOf(a));
    const cap = capFor(table, limits);
    let current: (ReadRange & { end: number }) | undefined;
    for (const def of inTable) {
      const end = def.address + widthOf(def) - 1;
      if (current) {
        const mergedEnd = Math.max(current.end, end);
        const gap = def.address - current.end - 1;
        const fits =
          gap <= limits.maxGap &&
          mergedEnd - current.start + 1 <= cap &&
          !crossesForbidden(table, current.end + 1, def.address - 1, limits);
        if (fits) {
          current.end = mergedEnd;
          current.quantity = mergedEnd - current.start + 1;
          current.points.push(def.id);
          continue;
        }
        ranges.push(withoutEnd(current));
      }
      current = { table, start: def.address, quantity: end - def.address + 1, end, points: [def.id] };
    }
    if (current) ranges.push(withoutEnd(current));
  }
  return ranges;
}

function withoutEnd(range: ReadRange & { end: number }): ReadRange {
  return { table: range.table, start: range.start, quantity: range.quantity, points: range.points };
}

/** The range a request covers, recomputed from its points (the driver keeps no per-request state). */
export function rangeOf(defs: ModbusPointDef[]): { table: RegisterTable; start: number; quantity: number } {
  const first = defs[0]!;
  let start = first.address;
  let end = first.address + widthOf(first) - 1;
  for (const def of defs) {
    start = Math.min(start, def.address);
    end = Math.max(end, def.address + widthOf(def) - 1);
  }
  return { table: first.table, start, quantity: end - start + 1 };
}

export function rangeKey(table: RegisterTable, start: number, quantity: number, unitId: number): string {
  return `${table} ${start}..${start + quantity - 1} unit ${unitId}`;
}

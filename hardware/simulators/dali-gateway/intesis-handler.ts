/**
 * The Modbus face of the simulated Intesis gateway: resolves a register address through the map
 * (intesis-map.ts), answers reads from the gateway's view of its gear, and turns writes into queued
 * DALI frames. FC03 and FC04 read the same map (manual p.8).
 *
 * Exceptions (protocols.md §3.2):
 * - 0x02 ILLEGAL DATA ADDRESS: beyond address 20000, or a write to a read-only or unmapped register.
 * - 0x03 ILLEGAL DATA VALUE: a write outside the signal's range (checked before anything is sent).
 * - 0x0B GATEWAY TARGET DEVICE FAILED TO RESPOND: the request touches the block of a short address
 *   whose gear does not answer (absent, or never commissioned).
 * - 0x06 SERVER DEVICE BUSY: the DALI command queue is full (command-queue.ts).
 * A multi-register write is checked as a whole first: it is applied entirely or not at all.
 */
import {
  BROADCAST,
  groupAddress,
  shortAddress as gearShort,
  type GearAddress,
  type SequenceStep,
} from '@phare/device-drivers/dali/index.ts';
import {
  ExceptionCode,
  ModbusExceptionResponse,
  type ModbusUnitHandler,
} from '@phare/device-drivers/modbus/types.ts';
import { GatewayCommandQueue } from './command-queue.ts';
import type { GearReport, GearView } from './gear-view.ts';
import {
  BALLAST_SIGNALS,
  COMMAND_SIGNALS,
  INTESIS_LAYOUT as L,
  type BallastReadContext,
  type WriteFollowUp,
} from './intesis-map.ts';

type Location =
  | { kind: 'ballast'; shortAddress: number; offset: number }
  | { kind: 'group'; group: number; n: number }
  | { kind: 'broadcast'; n: number }
  | { kind: 'unmapped' };

export interface IntesisHandlerOptions {
  /** DALI channel 0 or 1: selects the 7000-register page. */
  lineNumber: number;
  view: GearView;
  queue: GatewayCommandQueue;
}

export interface IntesisHandler extends ModbusUnitHandler {
  /** Forgets written values (control API reset). */
  reset(): void;
}

interface PlannedWrite {
  address: number;
  value: number;
  steps: SequenceStep[];
  followUp: WriteFollowUp;
  /** What the write does to the gateway's memory of commanded levels. */
  effect:
    { kind: 'ballastLevel'; shortAddress: number } | { kind: 'commandBlock'; levels: boolean } | undefined;
}

const fail = (code: (typeof ExceptionCode)[keyof typeof ExceptionCode]): never => {
  throw new ModbusExceptionResponse(code);
};

export function createIntesisHandler(options: IntesisHandlerOptions): IntesisHandler {
  const { view, queue } = options;
  const pageBase = options.lineNumber * L.perLine;
  /** Last values written to readable group/broadcast signals, by register address. */
  const written = new Map<number, number>();
  /** Last % written to +15 per gear; a group or broadcast command makes it unknown again. */
  const commanded = new Map<number, number>();

  function locate(address: number): Location {
    if (address > L.lastAddress) return fail(ExceptionCode.IllegalDataAddress);
    const rel = address - pageBase;
    if (rel < 0 || rel >= L.perLine) return { kind: 'unmapped' };
    if (rel < L.group.base) {
      return {
        kind: 'ballast',
        shortAddress: Math.floor(rel / L.ballast.perShortAddress),
        offset: rel % L.ballast.perShortAddress,
      };
    }
    const inGroups = rel - L.group.base;
    if (inGroups < 16 * L.group.perGroup) {
      const n = inGroups % L.group.perGroup;
      return n < L.group.size
        ? { kind: 'group', group: Math.floor(inGroups / L.group.perGroup), n }
        : { kind: 'unmapped' };
    }
    const n = rel - L.broadcast.base;
    return n >= 0 && n < L.broadcast.size ? { kind: 'broadcast', n } : { kind: 'unmapped' };
  }

  /** The gear report behind a ballast block, or exception 0x0B when its gear does not answer. */
  function respondingReport(shortAddress: number): GearReport {
    const report = view.report(shortAddress);
    if (!report || !report.responding) return fail(ExceptionCode.GatewayTargetFailedToRespond);
    return report;
  }

  function failureWords(): number[] {
    const words = [0, 0, 0, 0];
    for (const sa of view.commissioned()) {
      const report = view.report(sa);
      // b0 ballast failure or b1 lamp failure, or silence on the bus (manual p.10 "Ballast / Lamp Failure").
      if (report && (!report.responding || (report.status & 0b11) !== 0)) words[sa >> 4]! |= 1 << (sa & 15);
    }
    return words;
  }

  /** One read request sees one report per gear, even when it spans many signals of a block. */
  function readOne(address: number, words: () => number[], reports: Map<number, GearReport>): number {
    const loc = locate(address);
    switch (loc.kind) {
      case 'unmapped':
        return 0;
      case 'ballast': {
        let report = reports.get(loc.shortAddress);
        if (!report) reports.set(loc.shortAddress, (report = respondingReport(loc.shortAddress)));
        const signal = BALLAST_SIGNALS.get(loc.offset);
        if (!signal) return 0;
        const ctx: BallastReadContext = {
          shortAddress: loc.shortAddress,
          report,
          failureWords: words(),
          updating: view.updating,
          commandedPercent: commanded.get(loc.shortAddress),
        };
        return signal.read(ctx);
      }
      case 'group':
      case 'broadcast':
        return COMMAND_SIGNALS.get(loc.n)?.readBack ? (written.get(address) ?? 0) : 0;
    }
  }

  function planOne(address: number, raw: number): PlannedWrite {
    // Registers are signed 16-bit (manual p.8): 0xFFFF is −1, outside every range.
    const value = raw >= 0x8000 ? raw - 0x10000 : raw;
    const loc = locate(address);
    const inRange = (range: readonly [number, number]) =>
      value >= range[0] && value <= range[1] ? value : fail(ExceptionCode.IllegalDataValue);
    switch (loc.kind) {
      case 'unmapped':
        return fail(ExceptionCode.IllegalDataAddress);
      case 'ballast': {
        respondingReport(loc.shortAddress);
        const write = BALLAST_SIGNALS.get(loc.offset)?.write ?? fail(ExceptionCode.IllegalDataAddress);
        const v = inRange(write.range);
        return {
          address,
          value: v,
          steps: write.steps(gearShort(loc.shortAddress), v),
          followUp: write.followUp,
          effect: loc.offset === 15 ? { kind: 'ballastLevel', shortAddress: loc.shortAddress } : undefined,
        };
      }
      case 'group':
      case 'broadcast': {
        const signal = COMMAND_SIGNALS.get(loc.n) ?? fail(ExceptionCode.IllegalDataAddress);
        const v = inRange(signal.range);
        const target: GearAddress = loc.kind === 'group' ? groupAddress(loc.group) : BROADCAST;
        return {
          address,
          value: v,
          steps: signal.steps(target, v),
          followUp: signal.followUp,
          effect: { kind: 'commandBlock', levels: loc.n <= 7 },
        };
      }
    }
  }

  return {
    readRegisters(_table, address, quantity) {
      if (address + quantity - 1 > L.lastAddress) fail(ExceptionCode.IllegalDataAddress);
      let words: number[] | undefined;
      const lazyWords = () => (words ??= failureWords());
      const values: number[] = [];
      const reports = new Map<number, GearReport>();
      for (let i = 0; i < quantity; i++) values.push(readOne(address + i, lazyWords, reports) & 0xffff);
      return values;
    },

    writeRegisters(address, values) {
      if (address + values.length - 1 > L.lastAddress) fail(ExceptionCode.IllegalDataAddress);
      const plan = values.map((raw, i) => planOne(address + i, raw));
      queue.checkRoom(plan.reduce((sum, p) => sum + GatewayCommandQueue.frameCount(p.steps), 0));
      for (const p of plan) {
        queue.enqueue(p.steps);
        if (p.effect?.kind === 'ballastLevel') commanded.set(p.effect.shortAddress, p.value);
        if (p.effect?.kind === 'commandBlock') {
          written.set(p.address, p.value);
          if (p.effect.levels) commanded.clear();
        }
        if (p.followUp === 'updateAll' && p.value === 1) view.requestUpdate();
        if (p.followUp === 'configurationChanged') view.configurationChanged();
      }
    },

    reset() {
      written.clear();
      commanded.clear();
    },
  };
}

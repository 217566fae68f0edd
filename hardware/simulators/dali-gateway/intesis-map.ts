/**
 * HMS Intesis "Modbus Server – DALI" register map as data (manual r1.3, 08/2019, pp. 8–20;
 * protocols.md §2.1). The handler (intesis-handler.ts) only dispatches through these tables.
 *
 * - Per-ballast block: address = 7000·line + 100·shortAddress + signal (manual p.9–10).
 * - Group block: 7000·line + 6400 + 20·group + n; broadcast block: 7000·line + 6800 + n (pp. 17–20).
 * - Levels are 0–100 % of light output; the gateway converts along the DALI log curve (p.10, §1.4).
 * - Registers are 16-bit signed big-endian; unmapped addresses up to 20000 read as 0 (p.8).
 */
import {
  MASK,
  arcToPercent,
  command,
  dapc,
  percentToArc,
  removeFromScene,
  setFadeRate,
  setFadeTime,
  setMaxLevel,
  setMinLevel,
  setPowerOnLevel,
  setSystemFailureLevel,
  type GearAddress,
  type SequenceStep,
} from '@phare/device-drivers/dali/index.ts';
import { step } from './command-queue.ts';
import type { GearReport } from './gear-view.ts';

export const INTESIS_LAYOUT = {
  perLine: 7000,
  ballast: { base: 0, perShortAddress: 100, size: 100 },
  group: { base: 6400, perGroup: 20, size: 16 },
  broadcast: { base: 6800, size: 16 },
  /** Addresses above this answer exception 0x02 ILLEGAL DATA ADDRESS (p.8: "up to 20000 … read as 0"). */
  lastAddress: 20000,
} as const;

/** Percent register value of an arc level: rounded light output; MASK (lamp error) reads 0 [our choice]. */
export function percentOf(arc: number): number {
  return arc === MASK || arc < 0 || arc > 254 ? 0 : Math.round(arcToPercent(arc));
}

export interface BallastReadContext {
  shortAddress: number;
  report: GearReport;
  /** Failure bitmaps of the whole line, ECG 0–15 … 48–63 (signals +0…+3). */
  failureWords: readonly number[];
  /** "Update All ECG Status" in progress. */
  updating: boolean;
  /** Last value written to +15 for this gear, if any since the last group or broadcast command. */
  commandedPercent: number | undefined;
}

export type WriteFollowUp = 'none' | 'updateAll' | 'configurationChanged';

export interface BallastSignal {
  name: string;
  read(ctx: BallastReadContext): number;
  /** Writable signals: allowed values and the DALI frames a value becomes. */
  write?: {
    range: readonly [number, number];
    steps(address: GearAddress, value: number): SequenceStep[];
    followUp: WriteFollowUp;
  };
}

const failureWord =
  (word: number) =>
  (ctx: BallastReadContext): number =>
    ctx.failureWords[word] ?? 0;

/** Per-ballast signals +0…+15 (manual p.10); +16…+99 are not modelled and read as 0. */
export const BALLAST_SIGNALS: ReadonlyMap<number, BallastSignal> = new Map<number, BallastSignal>([
  [0, { name: 'Ballast/Lamp Failure ECG0-15', read: failureWord(0) }],
  [1, { name: 'Ballast/Lamp Failure ECG16-31', read: failureWord(1) }],
  [2, { name: 'Ballast/Lamp Failure ECG32-47', read: failureWord(2) }],
  [3, { name: 'Ballast/Lamp Failure ECG48-63', read: failureWord(3) }],
  [
    4,
    {
      name: 'Update All ECG Status',
      read: (ctx) => (ctx.updating ? 1 : 0),
      // 1 triggers a poll of every gear; writing 0 does nothing (p.10 "0-Update Finished, 1-Trigger Update").
      write: { range: [0, 1], steps: () => [], followUp: 'updateAll' },
    },
  ],
  [5, { name: 'Ballast Status', read: (ctx) => ctx.report.status }],
  [6, { name: 'Actual Level', read: (ctx) => percentOf(ctx.report.arc) }],
  [7, { name: 'Device Type', read: (ctx) => ctx.report.deviceType }],
  [8, { name: 'Physical Minimum Level', read: (ctx) => percentOf(ctx.report.physicalMinLevel) }],
  [9, { name: 'Min Level', read: (ctx) => percentOf(ctx.report.minLevel) }],
  [10, { name: 'Max Level', read: (ctx) => percentOf(ctx.report.maxLevel) }],
  [11, { name: 'Power On Level', read: (ctx) => percentOf(ctx.report.powerOnLevel) }],
  [12, { name: 'System Failure Level', read: (ctx) => percentOf(ctx.report.systemFailureLevel) }],
  [13, { name: 'Fade Time', read: (ctx) => ctx.report.fadeTimeX }],
  [14, { name: 'Fade Rate', read: (ctx) => ctx.report.fadeRateX }],
  [
    15,
    {
      name: 'Arc Power Level',
      read: (ctx) => ctx.commandedPercent ?? percentOf(ctx.report.arc),
      write: { range: [0, 100], steps: (a, v) => [step(dapc(a, percentToArc(v)))], followUp: 'none' },
    },
  ],
]);

export interface CommandSignal {
  name: string;
  range: readonly [number, number];
  /** Reads back the last value written (R/W signals); write-only signals read 0 (pp. 17–20). */
  readBack: boolean;
  steps(address: GearAddress, value: number): SequenceStep[];
  followUp: WriteFollowUp;
}

/** The stored level of each gear becomes its own scene: STORE ACTUAL LEVEL IN DTR0, then SET SCENE n. */
function storeCurrentAsScene(address: GearAddress, scene: number): SequenceStep[] {
  return [step(command(address, 'STORE ACTUAL LEVEL IN DTR0')), step(command(address, 'SET SCENE', scene))];
}

const level = (setter: (a: GearAddress, arc: number) => SequenceStep[]) => (a: GearAddress, v: number) =>
  setter(a, percentToArc(v));

/** Group (6400 + 20·g + n) and broadcast (6800 + n) signals, n = 0…15 (manual pp. 17–20). */
export const COMMAND_SIGNALS: ReadonlyMap<number, CommandSignal> = new Map<number, CommandSignal>([
  [
    0,
    {
      name: 'Arc Power Level',
      range: [0, 100],
      readBack: true,
      steps: (a, v) => [step(dapc(a, percentToArc(v)))],
      followUp: 'none',
    },
  ],
  [
    1,
    {
      name: 'Arc Power Off / On',
      range: [0, 1],
      readBack: true,
      // "0-Off; 1-100 %": OFF, or DAPC 254 (100 % on the log curve).
      steps: (a, v) => [step(v === 0 ? command(a, 'OFF') : dapc(a, 254))],
      followUp: 'none',
    },
  ],
  [
    2,
    {
      name: 'Step Down / Up',
      range: [0, 1],
      readBack: true,
      steps: (a, v) => [step(command(a, v === 0 ? 'STEP DOWN' : 'STEP UP'))],
      followUp: 'none',
    },
  ],
  [
    3,
    {
      name: 'Recall Min Level',
      range: [0, 1],
      readBack: false,
      steps: (a, v) => (v === 1 ? [step(command(a, 'RECALL MIN LEVEL'))] : []),
      followUp: 'none',
    },
  ],
  [
    4,
    {
      name: 'Recall Max Level',
      range: [0, 1],
      readBack: false,
      steps: (a, v) => (v === 1 ? [step(command(a, 'RECALL MAX LEVEL'))] : []),
      followUp: 'none',
    },
  ],
  [
    5,
    {
      name: 'Go to Scene',
      range: [0, 15],
      readBack: true,
      steps: (a, v) => [step(command(a, 'GO TO SCENE', v))],
      followUp: 'none',
    },
  ],
  [
    6,
    {
      name: 'Store Current Level as Scene',
      range: [0, 15],
      readBack: true,
      steps: storeCurrentAsScene,
      followUp: 'none',
    },
  ],
  [
    7,
    { name: 'Remove from Scene', range: [0, 15], readBack: true, steps: removeFromScene, followUp: 'none' },
  ],
  [
    8,
    {
      name: 'Set Fade Time',
      range: [0, 15],
      readBack: true,
      steps: setFadeTime,
      followUp: 'configurationChanged',
    },
  ],
  [
    9,
    {
      name: 'Set Fade Rate',
      range: [1, 15],
      readBack: true,
      steps: setFadeRate,
      followUp: 'configurationChanged',
    },
  ],
  [
    10,
    {
      name: 'Set Min Level',
      range: [0, 100],
      readBack: true,
      steps: level(setMinLevel),
      followUp: 'configurationChanged',
    },
  ],
  [
    11,
    {
      name: 'Set Max Level',
      range: [0, 100],
      readBack: true,
      steps: level(setMaxLevel),
      followUp: 'configurationChanged',
    },
  ],
  [
    12,
    {
      name: 'Set Power-on Level',
      range: [0, 100],
      readBack: true,
      steps: level(setPowerOnLevel),
      followUp: 'configurationChanged',
    },
  ],
  [
    13,
    {
      name: 'Set System-failure Level',
      range: [0, 100],
      readBack: true,
      steps: level(setSystemFailureLevel),
      followUp: 'configurationChanged',
    },
  ],
  // Burn-in (LED, pp. 19–20): accepted and read back; the simulated LEDs need no burn-in.
  [14, { name: 'Burn-in time Status', range: [0, 1], readBack: true, steps: () => [], followUp: 'none' }],
  [15, { name: 'Burn-in time', range: [0, 1], readBack: true, steps: () => [], followUp: 'none' }],
]);

/**
 * DTR-based configuration as ordered frame lists (protocols.md §1.5 "DTR-based configuration examples").
 * Each DTR command is preceded by its own DTR0 frame, because another controller on the line may have
 * changed DTR0 since (python-dali marks `uses_dtr0` for this). Configuration commands are marked
 * `sendTwice`: the sender repeats the identical frame within 100 ms with nothing in between (§1.2).
 */
import { OutOfRange } from '../errors.ts';
import type { GearAddress } from './address.ts';
import {
  command,
  decodeForwardFrame,
  describeForwardFrame,
  special,
  type GearCommandName,
} from './commands.ts';
import type { ForwardFrame } from './frame.ts';
import { MASK, MAX_ARC_LEVEL } from './level.ts';

export interface SequenceStep {
  readonly frame: ForwardFrame;
  /** Send the frame twice within 100 ms (SEND_TWICE_WINDOW_MS). */
  readonly sendTwice: boolean;
}

/** SET FADE TIME from DTR0 = X (0–15): `A3 04`, then `0B 2E` twice for X = 4 on short address 5. */
export function setFadeTime(address: GearAddress, x: number): SequenceStep[] {
  return withDtr0(address, 'SET FADE TIME', checked(x, 0, 15, 'fade time code'));
}

/** SET FADE RATE from DTR0 = X (1–15). */
export function setFadeRate(address: GearAddress, x: number): SequenceStep[] {
  return withDtr0(address, 'SET FADE RATE', checked(x, 1, 15, 'fade rate code'));
}

/** DTR0 = level, then SET SCENE n twice: `A3 C8`, `83 43` ×2 stores 200 in scene 3 of group 1. MASK removes. */
export function storeScene(address: GearAddress, scene: number, level: number): SequenceStep[] {
  return withDtr0(
    address,
    'SET SCENE',
    checked(level, 0, MASK, 'scene level'),
    checked(scene, 0, 15, 'scene'),
  );
}

export function removeFromScene(address: GearAddress, scene: number): SequenceStep[] {
  return [twice(command(address, 'REMOVE FROM SCENE', checked(scene, 0, 15, 'scene')))];
}

/** ADD TO GROUP n twice, no DTR: `0B 62` ×2 adds short address 5 to group 2. */
export function addToGroup(address: GearAddress, group: number): SequenceStep[] {
  return [twice(command(address, 'ADD TO GROUP', checked(group, 0, 15, 'group')))];
}

export function removeFromGroup(address: GearAddress, group: number): SequenceStep[] {
  return [twice(command(address, 'REMOVE FROM GROUP', checked(group, 0, 15, 'group')))];
}

/** Gear clamp the value to their physical limits themselves (IEC 62386-102). */
export function setMaxLevel(address: GearAddress, level: number): SequenceStep[] {
  return withDtr0(address, 'SET MAX LEVEL', checked(level, 0, MAX_ARC_LEVEL, 'max level'));
}

export function setMinLevel(address: GearAddress, level: number): SequenceStep[] {
  return withDtr0(address, 'SET MIN LEVEL', checked(level, 0, MAX_ARC_LEVEL, 'min level'));
}

/** 255 (MASK) means "keep the level it had before power went off". */
export function setPowerOnLevel(address: GearAddress, level: number): SequenceStep[] {
  return withDtr0(address, 'SET POWER ON LEVEL', checked(level, 0, MASK, 'power-on level'));
}

/** 255 (MASK) means "no change on a bus failure". */
export function setSystemFailureLevel(address: GearAddress, level: number): SequenceStep[] {
  return withDtr0(address, 'SET SYSTEM FAILURE LEVEL', checked(level, 0, MASK, 'system failure level'));
}

/** DTR0 = (a<<1)|1, or 0xFF to delete the short address; then SET SHORT ADDRESS twice. */
export function setShortAddress(address: GearAddress, newAddress: number | undefined): SequenceStep[] {
  const dtr0 = newAddress === undefined ? 0xff : (checked(newAddress, 0, 63, 'new short address') << 1) | 1;
  return withDtr0(address, 'SET SHORT ADDRESS', dtr0);
}

/** The frames as they go on the wire, send-twice frames repeated. */
export function sequenceFrames(steps: readonly SequenceStep[]): ForwardFrame[] {
  return steps.flatMap((step) => (step.sendTwice ? [step.frame, step.frame] : [step.frame]));
}

/** "A3 04 DTR0 4; 0B 2E SET FADE TIME → short 5 (×2)": for logs. */
export function describeSequence(steps: readonly SequenceStep[]): string {
  return steps
    .map((step) => `${describeForwardFrame(step.frame)}${step.sendTwice ? ' (×2)' : ''}`)
    .join('; ');
}

function withDtr0(address: GearAddress, name: GearCommandName, dtr0: number, param?: number): SequenceStep[] {
  return [once(special('DTR0', dtr0)), twice(command(address, name, param))];
}

function once(frame: ForwardFrame): SequenceStep {
  return { frame, sendTwice: false };
}

/** Send-twice comes from the command table, so a wrong table row shows up in the sequence tests. */
function twice(frame: ForwardFrame): SequenceStep {
  return { frame, sendTwice: decodeForwardFrame(frame).sendTwice };
}

function checked(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OutOfRange(`DALI ${what} ${value} is outside ${min}–${max}`, { detail: { value, min, max } });
  }
  return value;
}

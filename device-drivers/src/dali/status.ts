/**
 * The QUERY STATUS answer (opcode 0x90): one byte of flags, protocols.md §1.5 (python-dali
 * `QueryStatusResponse`). The Intesis gateway reuses the same layout in its "Ballast Status" register (§2.1).
 */
import { OutOfRange } from '../errors.ts';

export interface GearStatus {
  controlGearFailure: boolean;
  lampFailure: boolean;
  lampArcPowerOn: boolean;
  limitError: boolean;
  fadeRunning: boolean;
  resetState: boolean;
  missingShortAddress: boolean;
  powerFailure: boolean;
}

/** Bit i of the answer, lowest first, with the names of protocols.md §1.5. */
export const STATUS_BITS: readonly { bit: number; key: keyof GearStatus; name: string }[] = [
  { bit: 0, key: 'controlGearFailure', name: 'control gear failure' },
  { bit: 1, key: 'lampFailure', name: 'lamp failure' },
  { bit: 2, key: 'lampArcPowerOn', name: 'lamp arc power on' },
  { bit: 3, key: 'limitError', name: 'limit error' },
  { bit: 4, key: 'fadeRunning', name: 'fade running' },
  { bit: 5, key: 'resetState', name: 'reset state' },
  { bit: 6, key: 'missingShortAddress', name: 'missing short address' },
  { bit: 7, key: 'powerFailure', name: 'power failure' },
];

/** The status byte; flags left out are 0. */
export function encodeStatus(status: Partial<GearStatus>): number {
  let byte = 0;
  for (const { bit, key } of STATUS_BITS) if (status[key]) byte |= 1 << bit;
  return byte;
}

export function decodeStatus(byte: number): GearStatus {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff) {
    throw new OutOfRange(`DALI status byte ${byte} is not an integer in 0–255`, { detail: { value: byte } });
  }
  const status = {} as GearStatus;
  for (const { bit, key } of STATUS_BITS) status[key] = (byte & (1 << bit)) !== 0;
  return status;
}

/** Names of the flags set, lowest bit first: ["lamp failure", "lamp arc power on"]. */
export function describeStatus(byte: number): string[] {
  const status = decodeStatus(byte);
  return STATUS_BITS.filter(({ key }) => status[key]).map(({ name }) => name);
}

/**
 * Write planning: which Modbus write functions carry a set of encoded point values.
 *
 * - Holding registers: FC06 for a single register, FC16 for consecutive ones (1–123 registers,
 *   Modbus Application Protocol V1.1b3 §6.12, protocols.md §3.2). `writeFunction` lets a profile
 *   force FC06 only (devices without FC16) or FC16 only (devices that refuse FC06).
 *   A 32-bit value always goes in one FC16 unless the device only accepts FC06.
 * - Coils: FC05 for one, FC15 for consecutive ones (up to 1968).
 */
import { MAX_WRITE_COILS, MAX_WRITE_REGISTERS } from './types.ts';

export interface EncodedRegisterWrite {
  point: string;
  address: number;
  words: number[];
}

export interface EncodedCoilWrite {
  point: string;
  address: number;
  bit: boolean;
}

export type RegisterBlock = { fc: 6 | 16; address: number; values: number[]; points: string[] };
export type CoilBlock = { fc: 5 | 15; address: number; values: boolean[]; points: string[] };

export function planRegisterWrites(
  writes: EncodedRegisterWrite[],
  writeFunction: 'auto' | 'single' | 'multiple',
): RegisterBlock[] {
  const sorted = [...writes].sort((a, b) => a.address - b.address);
  if (writeFunction === 'single') {
    return sorted.flatMap((write) =>
      write.words.map((word, index) => ({
        fc: 6 as const,
        address: write.address + index,
        values: [word],
        points: [write.point],
      })),
    );
  }
  const blocks: RegisterBlock[] = [];
  for (const write of sorted) {
    const last = blocks.at(-1);
    const contiguous = last && last.address + last.values.length === write.address;
    if (last && contiguous && last.values.length + write.words.length <= MAX_WRITE_REGISTERS) {
      last.values.push(...write.words);
      last.points.push(write.point);
    } else {
      blocks.push({ fc: 16, address: write.address, values: [...write.words], points: [write.point] });
    }
  }
  for (const block of blocks) {
    if (writeFunction === 'auto' && block.values.length === 1) block.fc = 6;
  }
  return blocks;
}

export function planCoilWrites(writes: EncodedCoilWrite[]): CoilBlock[] {
  const sorted = [...writes].sort((a, b) => a.address - b.address);
  const blocks: CoilBlock[] = [];
  for (const write of sorted) {
    const last = blocks.at(-1);
    if (last && last.address + last.values.length === write.address && last.values.length < MAX_WRITE_COILS) {
      last.values.push(write.bit);
      last.points.push(write.point);
      last.fc = 15;
    } else {
      blocks.push({ fc: 5, address: write.address, values: [write.bit], points: [write.point] });
    }
  }
  return blocks;
}

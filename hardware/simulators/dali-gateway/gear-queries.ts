/**
 * What a DALI gear answers to the queries of IEC 62386-102 (opcodes 0x90–0xC1, protocols.md §1.5).
 * YES is the backward frame 0xFF; NO is no answer at all (undefined).
 */
import { MASK } from '@phare/device-drivers/dali/index.ts';
import type { DaliGear } from './gear.ts';

/** Device type answered to QUERY DEVICE TYPE and shown by Intesis register +7: 6 = LED (protocols.md §1.5). */
export const DEVICE_TYPE_LED = 6;
/** DALI-2 gear answer 8 (version 2.0) to QUERY VERSION NUMBER (IEC 62386-102 ed2, memory bank 0 0x16). */
const VERSION_NUMBER = 8;

const yes = (flag: boolean): number | undefined => (flag ? 0xff : undefined);

/** The answer of `gear` to query `name` (with `index` for QUERY SCENE LEVEL n), undefined for no answer. */
export function answerQuery(gear: DaliGear, name: string, index: number, nowMs: number): number | undefined {
  switch (name) {
    case 'QUERY STATUS':
      return gear.statusAt(nowMs);
    case 'QUERY CONTROL GEAR PRESENT':
      return 0xff;
    case 'QUERY LAMP FAILURE':
      return yes(gear.lampFailure);
    case 'QUERY LAMP POWER ON':
      return yes(gear.levelAt(nowMs) > 0 && !gear.lampFailure);
    case 'QUERY LIMIT ERROR':
      return yes(gear.limitError);
    case 'QUERY RESET STATE':
      return yes(gear.isInResetState());
    case 'QUERY MISSING SHORT ADDRESS':
      return yes(gear.shortAddress === undefined);
    case 'QUERY VERSION NUMBER':
      return VERSION_NUMBER;
    case 'QUERY CONTENT DTR0':
      return gear.dtr0;
    case 'QUERY CONTENT DTR1':
      return gear.dtr1;
    case 'QUERY CONTENT DTR2':
      return gear.dtr2;
    case 'QUERY DEVICE TYPE':
      return DEVICE_TYPE_LED;
    case 'QUERY PHYSICAL MINIMUM':
      return gear.physicalMinLevel;
    case 'QUERY POWER FAILURE':
      return yes(gear.powerFailure);
    case 'QUERY ACTUAL LEVEL':
      // MASK during a lamp error (protocols.md §1.5, QUERY ACTUAL LEVEL).
      return gear.lampFailure ? MASK : gear.levelAt(nowMs);
    case 'QUERY MAX LEVEL':
      return gear.maxLevel;
    case 'QUERY MIN LEVEL':
      return gear.minLevel;
    case 'QUERY POWER ON LEVEL':
      return gear.powerOnLevel;
    case 'QUERY SYSTEM FAILURE LEVEL':
      return gear.systemFailureLevel;
    case 'QUERY FADE TIME/FADE RATE':
      // Fade time in the high nibble, fade rate in the low nibble (python-dali, protocols.md §1.4).
      return ((gear.fadeTimeX & 0x0f) << 4) | (gear.fadeRateX & 0x0f);
    case 'QUERY CONTROL GEAR FAILURE':
      return yes(gear.gearFailure);
    case 'QUERY SCENE LEVEL':
      return gear.scenes[index];
    case 'QUERY GROUPS 0-7':
      return groupByte(gear, 0);
    case 'QUERY GROUPS 8-15':
      return groupByte(gear, 8);
    default:
      return undefined;
  }
}

/** QUERY GROUPS 0-7 / 8-15: bitmask with the lowest group in bit 0 (protocols.md §1.5). */
function groupByte(gear: DaliGear, first: number): number {
  let byte = 0;
  for (let bit = 0; bit < 8; bit++) if (gear.groups.has(first + bit)) byte |= 1 << bit;
  return byte;
}

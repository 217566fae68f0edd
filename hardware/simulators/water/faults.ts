/**
 * Faults a serial water sensor shows on demand (ARCHITECTURE.md §2 "Simulator"): garbage bytes on the
 * line, a wrong CRC or checksum, a line cut short, silence, and an answer from another address.
 * Each is active for the next `count` answers or lines, or until cleared.
 */

export const SERIAL_FAULTS = ['garbage', 'wrong-crc', 'truncated', 'silent', 'wrong-address'] as const;
export type SerialFault = (typeof SERIAL_FAULTS)[number];

export class SerialFaults {
  private readonly active = new Map<SerialFault, number | 'always'>();

  set(fault: SerialFault, count?: number): void {
    if (count === 0) this.active.delete(fault);
    else this.active.set(fault, count ?? 'always');
  }

  clear(fault?: SerialFault): void {
    if (fault) this.active.delete(fault);
    else this.active.clear();
  }

  /** True when `fault` applies to this answer; counts it down. */
  take(fault: SerialFault): boolean {
    const left = this.active.get(fault);
    if (left === undefined) return false;
    if (left !== 'always') {
      if (left <= 1) this.active.delete(fault);
      else this.active.set(fault, left - 1);
    }
    return true;
  }

  isActive(fault: SerialFault): boolean {
    return this.active.has(fault);
  }

  snapshot(): Record<string, number | 'always'> {
    return Object.fromEntries(this.active);
  }
}

/** A few bytes of line noise: non-printing and 8-bit characters, never a `\r\n`. */
export function garbageBytes(length = 5): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode([0x00, 0x7f, 0xff, 0x13, 0x8a, 0x1b][i % 6]!);
  return text;
}

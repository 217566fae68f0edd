/**
 * DALI frames as values (protocols.md §1.1, python-dali `dali/frame.py` idea).
 * - Forward frames: 16 bits to control gear (address byte + opcode/level byte, Part 102) or
 *   24 bits to control devices (Part 103). Sent MSB first, so bytes are big-endian.
 * - Backward frames: 8 bits, the answer of one gear. YES is 0xFF; NO is silence (no frame at all).
 * - A collision (several gear answering at once) is a framing error, not a value: `BackwardFrameCollision`.
 * There is no checksum on the DALI wire.
 */
import { OutOfRange } from '../errors.ts';

export type ForwardFrameBits = 16 | 24;

/** "0A 80": upper-case hex bytes separated by spaces, as DALI tools and the standard's examples show them. */
export function formatHex(bytes: Iterable<number>): string {
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export class ForwardFrame {
  readonly bits: ForwardFrameBits;
  /** The frame as an unsigned integer, MSB first on the wire. */
  readonly value: number;

  constructor(bits: ForwardFrameBits, value: number) {
    if (bits !== 16 && bits !== 24) {
      throw new OutOfRange(`DALI forward frame size ${String(bits)} is not 16 or 24 bits`, {
        detail: { bits },
      });
    }
    checkUnsigned(value, bits, 'DALI forward frame');
    this.bits = bits;
    this.value = value;
  }

  /** A 16-bit control-gear frame from its address byte and its opcode or level byte. */
  static gear(addressByte: number, dataByte: number): ForwardFrame {
    checkUnsigned(addressByte, 8, 'DALI address byte');
    checkUnsigned(dataByte, 8, 'DALI data byte');
    return new ForwardFrame(16, (addressByte << 8) | dataByte);
  }

  /** A 24-bit control-device frame (Part 103) from its three bytes. */
  static device(addressByte: number, instanceByte: number, opcodeByte: number): ForwardFrame {
    checkUnsigned(addressByte, 8, 'DALI address byte');
    checkUnsigned(instanceByte, 8, 'DALI instance byte');
    checkUnsigned(opcodeByte, 8, 'DALI opcode byte');
    return new ForwardFrame(24, (addressByte << 16) | (instanceByte << 8) | opcodeByte);
  }

  /** 2 bytes give a 16-bit gear frame, 3 bytes a 24-bit device frame. */
  static fromBytes(bytes: ArrayLike<number>): ForwardFrame {
    if (bytes.length !== 2 && bytes.length !== 3) {
      throw new OutOfRange(`a DALI forward frame is 2 or 3 bytes, got ${bytes.length}`, {
        detail: { length: bytes.length },
      });
    }
    let value = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      checkUnsigned(byte, 8, 'DALI frame byte');
      value = value * 256 + byte;
    }
    return new ForwardFrame(bytes.length === 2 ? 16 : 24, value);
  }

  /** First byte: the address byte (with the selector bit S as bit 0 on 16-bit frames). */
  get addressByte(): number {
    return this.value >>> (this.bits - 8);
  }

  /** Last byte: the arc level (S = 0), the opcode (S = 1) or a special command's data. */
  get dataByte(): number {
    return this.value & 0xff;
  }

  toBytes(): Uint8Array {
    const count = this.bits / 8;
    const bytes = new Uint8Array(count);
    for (let i = 0; i < count; i++) bytes[i] = (this.value >>> (8 * (count - 1 - i))) & 0xff;
    return bytes;
  }

  toHex(): string {
    return formatHex(this.toBytes());
  }

  equals(other: ForwardFrame): boolean {
    return this.bits === other.bits && this.value === other.value;
  }

  toString(): string {
    return this.toHex();
  }
}

export class BackwardFrame {
  /** The YES answer of a yes/no query (python-dali `Response` docstring). */
  static readonly YES = 0xff;

  readonly value: number;

  constructor(value: number) {
    checkUnsigned(value, 8, 'DALI backward frame');
    this.value = value;
  }

  static fromBytes(bytes: ArrayLike<number>): BackwardFrame {
    if (bytes.length !== 1) {
      throw new OutOfRange(`a DALI backward frame is 1 byte, got ${bytes.length}`, {
        detail: { length: bytes.length },
      });
    }
    return new BackwardFrame(bytes[0] as number);
  }

  get isYes(): boolean {
    return this.value === BackwardFrame.YES;
  }

  toBytes(): Uint8Array {
    return Uint8Array.of(this.value);
  }

  toHex(): string {
    return formatHex(this.toBytes());
  }

  toString(): string {
    return this.toHex();
  }
}

/**
 * Several gear answered at once and their backward frames collided: the controller sees a framing
 * error. For a yes/no query it still means YES from more than one gear (python-dali `BackwardFrameError`).
 */
export class BackwardFrameCollision {
  readonly collision = true;
  toHex(): string {
    return 'collision';
  }
  toString(): string {
    return this.toHex();
  }
}

/** What a controller hears after a forward frame: nothing, one answer, or a collision. */
export type BackwardReply = BackwardFrame | BackwardFrameCollision | undefined;

function checkUnsigned(value: number, bits: number, what: string): void {
  const max = 2 ** bits - 1;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new OutOfRange(`${what} ${value} is not an integer in 0–${max} (${bits} bits)`, {
      detail: { value, bits },
    });
  }
}

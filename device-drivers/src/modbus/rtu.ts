/**
 * Modbus RTU framing: unit address (1) | PDU | CRC-16 (2, low byte first), at most 256 bytes
 * (Modbus over Serial Line V1.02 §2.5.1; protocols.md §3.1).
 *
 * Why length-based framing: the spec delimits frames by 3.5 character silences, but a desktop OS
 * cannot time sub-millisecond gaps, and a pty does not emulate baud at all (protocols.md §3.1, §7.3,
 * §7.4). The function code and, when the length varies, the byte-count field say how long each frame
 * is; the CRC confirms it. After garbage the reader hunts byte by byte for the next frame whose CRC holds.
 */
import { bitsPerCharacter, type SerialSettings } from '../transports/contract.ts';
import { appendCrc, hasValidCrc } from './crc.ts';
import { FunctionCode } from './types.ts';

export const RTU_MAX_FRAME_LENGTH = 256;
/** Address 0 reaches every unit; nobody answers (Serial Line V1.02 §2.2). */
export const RTU_BROADCAST_UNIT = 0;

/** Frame length at `offset`: a byte count, 'need-more' when the length field has not arrived, 'unknown' for a function code we do not frame. */
export type FrameLength = number | 'need-more' | 'unknown';

/** Length of a request (master → slave) frame. FC01–06: fixed 8 bytes; FC15/16: 9 + byte count. */
export function rtuRequestLength(buffer: Uint8Array, offset = 0): FrameLength {
  const fc = buffer[offset + 1];
  if (fc === undefined) return 'need-more';
  if (fc >= FunctionCode.ReadCoils && fc <= FunctionCode.WriteSingleRegister) return 8;
  if (fc === FunctionCode.WriteMultipleCoils || fc === FunctionCode.WriteMultipleRegisters) {
    const byteCount = buffer[offset + 6];
    return byteCount === undefined ? 'need-more' : 9 + byteCount;
  }
  return 'unknown';
}

/** Length of a response (slave → master) frame. Exceptions: 5; FC01–04: 5 + byte count; writes: 8. */
export function rtuResponseLength(buffer: Uint8Array, offset = 0): FrameLength {
  const fc = buffer[offset + 1];
  if (fc === undefined) return 'need-more';
  if (fc & 0x80)
    return (fc & 0x7f) >= FunctionCode.ReadCoils && (fc & 0x7f) <= FunctionCode.WriteMultipleRegisters
      ? 5
      : 'unknown';
  if (fc >= FunctionCode.ReadCoils && fc <= FunctionCode.ReadInputRegisters) {
    const byteCount = buffer[offset + 2];
    return byteCount === undefined ? 'need-more' : 5 + byteCount;
  }
  if (
    fc === FunctionCode.WriteSingleCoil ||
    fc === FunctionCode.WriteSingleRegister ||
    fc === FunctionCode.WriteMultipleCoils ||
    fc === FunctionCode.WriteMultipleRegisters
  )
    return 8;
  return 'unknown';
}

export function encodeRtuFrame(unit: number, pdu: Uint8Array): Buffer {
  const body = Buffer.allocUnsafe(pdu.length + 1);
  body[0] = unit & 0xff;
  body.set(pdu, 1);
  return appendCrc(body);
}

/** The unit and PDU of a CRC-checked frame. */
export function splitRtuFrame(frame: Buffer): { unit: number; pdu: Buffer } {
  return { unit: frame[0]!, pdu: frame.subarray(1, frame.length - 2) };
}

/** Time one character takes on the line, in ms. */
export function characterTimeMs(serial: SerialSettings): number {
  return (bitsPerCharacter(serial) * 1000) / serial.baudRate;
}

/** The t3.5 inter-frame silence; fixed at 1.750 ms above 19200 baud (Serial Line V1.02 §2.5.1.1). */
export function interFrameSilenceMs(serial: SerialSettings): number {
  return serial.baudRate > 19200 ? 1.75 : 3.5 * characterTimeMs(serial);
}

export interface RtuReadResult {
  /** CRC-checked frames, in arrival order. */
  frames: Buffer[];
  /** Complete candidates whose CRC failed (a damaged frame, or garbage that looked like one). */
  damaged: Buffer[];
  /** Bytes thrown away while hunting for a frame start. */
  discardedBytes: number;
}

/**
 * Reassembles RTU frames from serial chunks by length, hunting past garbage. One reader per line and
 * direction: `rtuRequestLength` on the slave side, `rtuResponseLength` on the master side.
 */
export class RtuFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly lengthAt: (buffer: Uint8Array, offset: number) => FrameLength) {}

  push(chunk: Buffer): RtuReadResult {
    const result: RtuReadResult = { frames: [], damaged: [], discardedBytes: 0 };
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const length = this.lengthAt(this.pending, 0);
      if (length === 'unknown' || (typeof length === 'number' && length > RTU_MAX_FRAME_LENGTH)) {
        this.drop(1, result);
        continue;
      }
      if (length === 'need-more' || this.pending.length < length) {
        // Maybe the front is garbage and a whole frame already sits behind it.
        const start = this.findCompleteFrame(1);
        if (start === undefined) break;
        this.drop(start, result);
        continue;
      }
      if (hasValidCrc(this.pending, 0, length)) {
        result.frames.push(Buffer.from(this.pending.subarray(0, length)));
        this.pending = this.pending.subarray(length);
      } else {
        result.damaged.push(Buffer.from(this.pending.subarray(0, length)));
        this.drop(1, result);
      }
    }
    // A real frame never exceeds 256 bytes: more than two frames' worth of undecodable bytes is noise.
    // Trimmed after decoding, not before: one read may carry several good frames (fuzz test, issue 9).
    if (this.pending.length > 2 * RTU_MAX_FRAME_LENGTH) {
      const excess = this.pending.length - 2 * RTU_MAX_FRAME_LENGTH;
      this.drop(excess, result);
    }
    return result;
  }

  /** Forget buffered bytes (the master does this after a timeout so a late answer cannot match the next request). */
  clear(): number {
    const dropped = this.pending.length;
    this.pending = Buffer.alloc(0);
    return dropped;
  }

  get buffered(): number {
    return this.pending.length;
  }

  private findCompleteFrame(from: number): number | undefined {
    for (let start = from; start + 4 <= this.pending.length; start++) {
      const length = this.lengthAt(this.pending, start);
      if (typeof length !== 'number' || start + length > this.pending.length) continue;
      if (hasValidCrc(this.pending, start, length)) return start;
    }
    return undefined;
  }

  private drop(count: number, result: RtuReadResult): void {
    this.pending = this.pending.subarray(count);
    result.discardedBytes += count;
  }
}

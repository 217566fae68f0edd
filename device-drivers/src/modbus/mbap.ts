/**
 * Modbus TCP framing: the 7-byte MBAP header before the PDU (protocols.md §3.4; Modbus Messaging on
 * TCP/IP Implementation Guide V1.0b §3.1.3):
 *
 *   transaction id (2) | protocol id (2, always 0) | length (2) = unit + PDU bytes | unit id (1) | PDU
 *
 * TCP is a stream: one `data` event may hold half a frame or several frames. MbapFrameReader
 * reassembles them by the length field, which is the only way to find frame boundaries.
 */

export const MBAP_HEADER_LENGTH = 7;
/** Largest PDU (Application Protocol §4.1: 253 bytes), so the length field is 2…254. */
export const MAX_PDU_LENGTH = 253;

export interface MbapFrame {
  transactionId: number;
  protocolId: number;
  unit: number;
  pdu: Buffer;
}

export function encodeMbapFrame(transactionId: number, unit: number, pdu: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(MBAP_HEADER_LENGTH + pdu.length);
  frame.writeUInt16BE(transactionId & 0xffff, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(pdu.length + 1, 4);
  frame[6] = unit & 0xff;
  frame.set(pdu, MBAP_HEADER_LENGTH);
  return frame;
}

export interface MbapReadResult {
  frames: MbapFrame[];
  /**
   * Set when the length field is impossible (below 2 or above 254): the stream has lost its frame
   * boundaries and cannot be resynchronised, so the connection must be closed (Implementation Guide
   * §4.4.1.3: an invalid MBAP length means the frame is discarded and the connection is not trusted).
   */
  corrupt?: string;
}

/** Reassembles MBAP frames from TCP chunks. One reader per connection. */
export class MbapFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): MbapReadResult {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: MbapFrame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= MBAP_HEADER_LENGTH) {
      const length = this.pending.readUInt16BE(offset + 4);
      if (length < 2 || length > MAX_PDU_LENGTH + 1) {
        const header = this.pending.subarray(offset, offset + MBAP_HEADER_LENGTH).toString('hex');
        this.pending = Buffer.alloc(0);
        return { frames, corrupt: `MBAP length ${length} outside 2–254 (header ${header})` };
      }
      const end = offset + 6 + length;
      if (this.pending.length < end) break;
      frames.push({
        transactionId: this.pending.readUInt16BE(offset),
        protocolId: this.pending.readUInt16BE(offset + 2),
        unit: this.pending[offset + 6]!,
        // Copy: the PDU outlives this chunk (async handlers) and the chunk buffer may be pooled.
        pdu: Buffer.from(this.pending.subarray(offset + MBAP_HEADER_LENGTH, end)),
      });
      offset = end;
    }
    this.pending = offset === 0 ? this.pending : this.pending.subarray(offset);
    return { frames };
  }

  /** Bytes received but not yet part of a complete frame. */
  get buffered(): number {
    return this.pending.length;
  }
}

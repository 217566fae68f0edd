/**
 * CRC-16/MODBUS for RTU frames: reflected polynomial 0xA001 (0x8005), initial value 0xFFFF,
 * no final XOR, sent low byte first (Modbus over Serial Line V1.02 §2.5.1.2; protocols.md §3.1).
 * Check value: `01 03 00 00 00 01` → CRC bytes `84 0A`.
 */

/** A table of the 256 byte remainders, built once: one lookup per byte instead of eight shifts. */
const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[byte] = crc;
  }
  return table;
}

/** The CRC of `data[start, end)` as a 16-bit number (its low byte goes first on the wire). */
export function crc16Modbus(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]!) & 0xff]!;
  return crc;
}

/** `body` followed by its CRC, low byte first. */
export function appendCrc(body: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(body.length + 2);
  frame.set(body, 0);
  const crc = crc16Modbus(body);
  frame[body.length] = crc & 0xff;
  frame[body.length + 1] = crc >>> 8;
  return frame;
}

/** True when the last two bytes of `data[start, start + length)` are the CRC of the bytes before them. */
export function hasValidCrc(data: Uint8Array, start = 0, length = data.length - start): boolean {
  if (length < 3) return false;
  const end = start + length;
  const crc = crc16Modbus(data, start, end - 2);
  return data[end - 2] === (crc & 0xff) && data[end - 1] === crc >>> 8;
}

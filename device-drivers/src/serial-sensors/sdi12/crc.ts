/**
 * The SDI-12 CRC (standard v1.3/v1.4 §4.4.12): CRC-16 with the reflected polynomial 0xA001 and an
 * initial value of 0 (the catalogued CRC-16/ARC), computed over the response from the address to the
 * last value character, sent as three printable characters before <CR><LF> (§4.4.12.2):
 *   0x40 | crc >> 12,  0x40 | (crc >> 6) & 0x3F,  0x40 | crc & 0x3F
 * Worked examples of §4.4.12.3 (`0+3.14OqZ`, `0+3.14+2.718+1.414Ipz`) are the test fixtures.
 * protocols.md §4.1 "CRC variants".
 */

export const SDI12_CRC_LENGTH = 3;

export function sdi12Crc16(text: string): number {
  let crc = 0;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export function encodeSdi12Crc(crc: number): string {
  return String.fromCharCode(0x40 | (crc >> 12), 0x40 | ((crc >> 6) & 0x3f), 0x40 | (crc & 0x3f));
}

/** The body with its CRC appended (what a sensor sends before <CR><LF>). */
export function appendSdi12Crc(body: string): string {
  return body + encodeSdi12Crc(sdi12Crc16(body));
}

export type CrcCheck =
  { ok: true; body: string } | { ok: false; body: string; received: string; expected: string };

/** Splits `body + 3 CRC characters` and checks the CRC; a line shorter than address + CRC fails. */
export function checkSdi12Crc(lineWithoutCrLf: string): CrcCheck {
  if (lineWithoutCrLf.length < 1 + SDI12_CRC_LENGTH) {
    return { ok: false, body: lineWithoutCrLf, received: '', expected: '(3 CRC characters)' };
  }
  const body = lineWithoutCrLf.slice(0, -SDI12_CRC_LENGTH);
  const received = lineWithoutCrLf.slice(-SDI12_CRC_LENGTH);
  const expected = encodeSdi12Crc(sdi12Crc16(body));
  return received === expected ? { ok: true, body } : { ok: false, body, received, expected };
}

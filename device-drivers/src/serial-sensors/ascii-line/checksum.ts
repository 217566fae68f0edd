/**
 * NMEA 0183 checksum (protocols.md §4.2, as the FTS radar manual describes it): two hex digits of the
 * XOR of every character between `$` and `*`.
 */

export function nmeaXor(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i) & 0xff;
  return sum;
}

/** `$BODY*HH` for a body without `$` (sensor side). */
export function withNmeaChecksum(body: string): string {
  return `$${body}*${nmeaXor(body).toString(16).toUpperCase().padStart(2, '0')}`;
}

export type NmeaCheck =
  | { ok: true; line: string }
  | { ok: false; reason: 'no-checksum' | 'mismatch'; line: string; received?: string; expected?: string };

/** Checks `$BODY*HH`; on success `line` is `$BODY` (what the sentence patterns match). */
export function checkNmeaLine(line: string): NmeaCheck {
  const match = /^\$([^*$]*)\*([0-9A-Fa-f]{2})$/.exec(line);
  if (!match) return { ok: false, reason: 'no-checksum', line };
  const body = match[1]!;
  const expected = nmeaXor(body).toString(16).toUpperCase().padStart(2, '0');
  if (match[2]!.toUpperCase() !== expected)
    return { ok: false, reason: 'mismatch', line: `$${body}`, received: match[2]!, expected };
  return { ok: true, line: `$${body}` };
}

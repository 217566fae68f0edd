/**
 * SDI-12 data values (standard §4.4.8, protocols.md §4.1): each value is a polarity sign (`+`/`-`),
 * up to 7 digits and an optional decimal point, packed without separators: `+1.23-0.45+12`.
 *
 * The exact text is kept next to the number: `+0.50` and `+0.5` are the same number but say how
 * many decimals the sensor resolves, and a recorder must hand on what the sensor said.
 */

export interface Sdi12Value {
  /** Exactly as sent, sign included: `-0.450`. */
  text: string;
  value: number;
  /** Digits after the decimal point in `text` (0 when there is none). */
  decimals: number;
}

// Sign, then digits with an optional point (`+12`, `+1.5`, `+.5`, `+3.`), at most 7 digits (§4.4.8).
const VALUE = /[+-](?:\d+\.?\d*|\.\d+)/y;

/**
 * Parses the values part of a D or R response (after the address, CRC already removed).
 * Returns undefined when the text is not a run of values (a stray character, a value with more than
 * 7 digits), so the caller can name the malformed response.
 */
export function parseSdi12Values(text: string): Sdi12Value[] | undefined {
  const values: Sdi12Value[] = [];
  VALUE.lastIndex = 0;
  while (VALUE.lastIndex < text.length) {
    const start = VALUE.lastIndex;
    const match = VALUE.exec(text);
    if (!match || match.index !== start) return undefined;
    const token = match[0];
    const digits = token.replace(/[^0-9]/g, '').length;
    if (digits === 0 || digits > 7) return undefined;
    const point = token.indexOf('.');
    values.push({ text: token, value: Number(token), decimals: point < 0 ? 0 : token.length - point - 1 });
  }
  return values;
}

/** Formats a number as an SDI-12 value with a fixed number of decimals (sensor side). */
export function formatSdi12Value(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  const negative = value < 0 && Number(text) !== 0;
  return (negative ? '-' : '+') + text;
}

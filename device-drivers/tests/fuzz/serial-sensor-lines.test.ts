/**
 * Property tests of the serial sensor decoders (issue 9 §5): SDI-12 responses and their CRC
 * (standard v1.4 §4.4.8, §4.4.12), NMEA 0183 checksummed lines (protocols.md §4.2), and the line
 * splitter in front of both. Whatever a sensor or a noisy line sends, nothing throws, nothing with
 * a wrong checksum passes, and what a sensor encodes decodes to the same thing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkNmeaLine,
  nmeaXor,
  withNmeaChecksum,
} from '@phare/device-drivers/serial-sensors/ascii-line/checksum.ts';
import { classifyLine, compileSentences } from '@phare/device-drivers/serial-sensors/ascii-line/classify.ts';
import { LineSplitter } from '@phare/device-drivers/serial-sensors/line-splitter.ts';
import {
  parseIdentification,
  parseMeasurementSpec,
  parseMeasurementStart,
} from '@phare/device-drivers/serial-sensors/sdi12/commands.ts';
import { appendSdi12Crc, checkSdi12Crc, sdi12Crc16 } from '@phare/device-drivers/serial-sensors/sdi12/crc.ts';
import { formatSdi12Value, parseSdi12Values } from '@phare/device-drivers/serial-sensors/sdi12/values.ts';
import { splitInto } from './arbitraries.ts';

/** What a serial line may carry: any byte, read as latin1 (as the line splitter does). */
const latin1 = fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b).toString('latin1'));
/** Printable ASCII, the character set of SDI-12 and NMEA bodies. */
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
});

describe('SDI-12 CRC', () => {
  it('accepts what a sensor sealed and gives back its body', () => {
    fc.assert(
      fc.property(
        printable.filter((s) => s.length > 0),
        (body) => {
          expect(checkSdi12Crc(appendSdi12Crc(body))).toEqual({ ok: true, body });
        },
      ),
    );
  });

  it('refuses a response with any one character changed', () => {
    fc.assert(
      fc.property(
        printable.filter((s) => s.length > 0),
        fc.nat(),
        fc.integer({ min: 0x20, max: 0x7e }),
        (body, where, code) => {
          const sealed = appendSdi12Crc(body);
          const i = where % sealed.length;
          fc.pre(sealed.charCodeAt(i) !== code);
          const damaged = sealed.slice(0, i) + String.fromCharCode(code) + sealed.slice(i + 1);
          expect(checkSdi12Crc(damaged).ok).toBe(false);
        },
      ),
    );
  });

  it('on arbitrary text never throws and passes only lines whose last three characters are the CRC', () => {
    fc.assert(
      fc.property(latin1, (line) => {
        const check = checkSdi12Crc(line);
        if (check.ok) expect(appendSdi12Crc(check.body)).toBe(line);
        else expect(check.expected).not.toBe(check.received);
      }),
    );
  });

  it('keeps the CRC within 16 bits for any text', () => {
    fc.assert(
      fc.property(latin1, (text) => {
        const crc = sdi12Crc16(text);
        expect(Number.isInteger(crc) && crc >= 0 && crc <= 0xffff).toBe(true);
      }),
    );
  });
});

describe('SDI-12 responses', () => {
  it('reads back the values a sensor formats, with their decimals', () => {
    const value = fc.tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 9 }), (values) => {
        // At most 7 digits per value (§4.4.8): 6 integer digits need at most 1 decimal.
        const fitted = values.map(
          ([n, d]) => [n / 10 ** d, String(Math.abs(n)).length + d > 7 ? 0 : d] as const,
        );
        const text = fitted.map(([v, d]) => formatSdi12Value(v, d)).join('');
        const parsed = parseSdi12Values(text);
        expect(parsed?.map((p) => p.text).join('')).toBe(text);
        expect(parsed?.map((p) => p.decimals)).toEqual(fitted.map(([, d]) => d));
        const sent = fitted.map(([v, d]) => formatSdi12Value(v, d));
        expect(parsed?.map((p) => p.value)).toEqual(sent.map(Number));
        sent.forEach((t, i) =>
          expect(Math.abs(Number(t) - fitted[i]![0])).toBeLessThanOrEqual(0.5 / 10 ** fitted[i]![1] + 1e-9),
        );
      }),
    );
  });

  it('on arbitrary text never throws and returns only signed finite values that spell the text', () => {
    fc.assert(
      fc.property(fc.oneof(latin1, fc.stringMatching(/^([+-][0-9.]{0,9}){0,6}$/)), (text) => {
        const parsed = parseSdi12Values(text);
        if (parsed === undefined) return;
        expect(parsed.map((p) => p.text).join('')).toBe(text);
        for (const p of parsed) {
          expect(p.text).toMatch(/^[+-]/);
          expect(Number.isFinite(p.value)).toBe(true);
          expect(p.text.replace(/[^0-9]/g, '').length).toBeLessThanOrEqual(7);
        }
      }),
    );
  });

  it('on arbitrary text never throws parsing measurement starts, identifications and command specs', () => {
    fc.assert(
      fc.property(latin1, (line) => {
        for (const kind of ['M', 'C'] as const) {
          const start = parseMeasurementStart(line, kind);
          if (start) {
            expect(Number.isInteger(start.readySeconds) && start.readySeconds <= 999).toBe(true);
            expect(start.valueCount).toBeLessThanOrEqual(kind === 'M' ? 9 : 99);
          }
        }
        const id = parseIdentification(line);
        if (id) expect(id.raw).toBe(line);
        const spec = parseMeasurementSpec(line);
        if (spec) expect(spec.index).toBeLessThanOrEqual(9);
      }),
    );
  });
});

describe('NMEA 0183 checksum and sentence classification', () => {
  const body = printable.filter((s) => !s.includes('*') && !s.includes('$'));

  it('accepts what an instrument sealed', () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(checkNmeaLine(withNmeaChecksum(b))).toEqual({ ok: true, line: `$${b}` });
      }),
    );
  });

  it('on arbitrary lines never throws and passes only lines whose checksum is right', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          latin1,
          body.map((b) => `$${b}*${b.slice(0, 2)}`),
        ),
        (line) => {
          const check = checkNmeaLine(line);
          if (!check.ok) return;
          const sum = Number.parseInt(line.slice(-2), 16);
          expect(sum).toBe(nmeaXor(check.line.slice(1)));
        },
      ),
    );
  });

  it('classifies any line as good only with a valid checksum and numeric groups', () => {
    const sentences = compileSentences([
      { id: 'radar', pattern: '^\\$RADAR,(?<level>-?\\d+(?:\\.\\d+)?),(?<status>\\w+)$' },
      { id: 'temp', pattern: '^\\$TEMP,(?<value>[^,]*)$' },
    ]);
    const format = {
      terminator: '\r\n' as const,
      checksum: 'nmea-xor' as const,
      maxAgeMs: 1000,
      sentences: [],
    };
    const wellFormed = fc
      .tuple(fc.double({ noNaN: true }), fc.constantFrom('OK', 'ERR', 'x'))
      .map(([v, s]) => withNmeaChecksum(`RADAR,${String(v)},${s}`));
    fc.assert(
      fc.property(
        fc.oneof(
          latin1,
          wellFormed,
          printable.map((t) => withNmeaChecksum(`TEMP,${t}`)),
        ),
        (line) => {
          const verdict = classifyLine(format, sentences, line);
          if (verdict.kind !== 'good') return;
          expect(checkNmeaLine(line).ok).toBe(true);
          for (const value of Object.values(verdict.groups)) expect(Number.isFinite(value)).toBe(true);
        },
      ),
    );
  });
});

describe('line splitter', () => {
  it('gives back every line, whatever the chunking', () => {
    const line = printable.filter((s) => !s.includes('\r') && s.length <= 200);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.array(fc.nat()), (lines, cuts) => {
        const splitter = new LineSplitter('\r\n', 256);
        const stream = Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');
        const got = splitInto(stream, cuts).flatMap((chunk) => splitter.push(chunk).lines);
        expect(got).toEqual(lines);
      }),
    );
  });

  it('never holds more than its maximum of unterminated bytes, whatever the noise', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 6 }), (chunks) => {
        const splitter = new LineSplitter('\r', 64);
        for (const chunk of chunks) splitter.push(Buffer.from(chunk));
        // A terminator now ends whatever is held: it is never longer than the maximum.
        const { lines } = splitter.push(Buffer.from('\r'));
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.at(-1)!.length).toBeLessThanOrEqual(64);
      }),
    );
  });
});

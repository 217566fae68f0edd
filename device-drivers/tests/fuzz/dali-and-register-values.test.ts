/**
 * Property tests of what a DALI gateway's registers decode to (issue 9 §5): DALI frames and the
 * QUERY STATUS byte (protocols.md §1.1, §1.5), the gateways' level codecs (§2.4), and the register
 * value codec every Modbus point goes through. A raw value out of its range is an OutOfRange or a
 * `bad` reading, never another exception; valid values survive encode → decode unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackwardFrame, ForwardFrame } from '@phare/device-drivers/dali/frame.ts';
import { levelCodec, LEVEL_CODEC_NAMES } from '@phare/device-drivers/dali/level.ts';
import { decodeStatus, encodeStatus } from '@phare/device-drivers/dali/status.ts';
import { OutOfRange, PhareError } from '@phare/device-drivers/errors.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import { decodeRegisters, encodeRegisters, widthOf } from '@phare/device-drivers/modbus/value-codec.ts';

/** Numbers a broken gateway or a wrong profile could produce: integers, fractions, NaN, infinities. */
const anyNumber = fc.oneof(
  fc.integer({ min: -70_000, max: 70_000 }),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 2 ** 53 + 1),
);

/** Runs `work`; any exception must be one of Phare's typed errors, of the given codes. */
function onlyTyped<T>(work: () => T, codes: string[]): T | undefined {
  try {
    return work();
  } catch (error) {
    expect(error).toBeInstanceOf(PhareError);
    expect(codes).toContain((error as PhareError).code);
    return undefined;
  }
}

describe('DALI frames and status', () => {
  it('reads any list of numbers as a frame or an OutOfRange, and frames survive toBytes', () => {
    fc.assert(
      fc.property(fc.array(anyNumber, { maxLength: 4 }), (bytes) => {
        const forward = onlyTyped(() => ForwardFrame.fromBytes(bytes), ['OUT_OF_RANGE']);
        // -0 is a valid 0 byte: compare as numbers (+0 normalises it).
        if (forward) expect([...forward.toBytes()]).toEqual(bytes.map((b) => b + 0));
        const backward = onlyTyped(() => BackwardFrame.fromBytes(bytes), ['OUT_OF_RANGE']);
        if (backward) expect([...backward.toBytes()]).toEqual(bytes.map((b) => b + 0));
      }),
    );
  });

  it('decodes every status byte back to itself and refuses anything that is not a byte', () => {
    fc.assert(
      fc.property(anyNumber, (value) => {
        const status = onlyTyped(() => decodeStatus(value), ['OUT_OF_RANGE']);
        if (status) expect(encodeStatus(status)).toBe(value + 0);
        else expect(Number.isInteger(value) && value >= 0 && value <= 255).toBe(false);
      }),
    );
  });
});

describe('gateway level codecs', () => {
  it('decode any raw value to a percent in 0–100 or an OutOfRange', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEVEL_CODEC_NAMES), anyNumber, (name, raw) => {
        const codec = levelCodec(name);
        const percent = onlyTyped(() => codec.decode(raw), ['OUT_OF_RANGE']);
        if (percent === undefined) return;
        expect(percent).toBeGreaterThanOrEqual(0);
        expect(percent).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('give back the raw register value after decode → encode, for every value in range', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LEVEL_CODEC_NAMES).chain((name) => {
          const [min, max] = levelCodec(name).rawRange;
          return fc.tuple(fc.constant(name), fc.integer({ min, max }));
        }),
        ([name, raw]) => {
          const codec = levelCodec(name);
          expect(codec.encode(codec.decode(raw))).toBe(raw);
        },
      ),
    );
  });

  it('refuse a percent outside 0–100 with OutOfRange', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEVEL_CODEC_NAMES), anyNumber, (name, percent) => {
        fc.pre(!(percent >= 0 && percent <= 100));
        expect(() => levelCodec(name).encode(percent)).toThrow(OutOfRange);
      }),
    );
  });
});

const pointDef: fc.Arbitrary<ModbusPointDef> = fc
  .record({
    type: fc.constantFrom('int16', 'uint16', 'int32', 'uint32', 'float32', 'bool', 'bitmap16'),
    wordOrder: fc.constantFrom('big', 'little'),
    scale: fc.constantFrom(1, 0.1, 0.01, 10),
    codec: fc.constantFrom(undefined, ...LEVEL_CODEC_NAMES),
  })
  .map(({ type, wordOrder, scale, codec }) => ({
    id: 'p',
    table: 'holding' as const,
    address: 0,
    type,
    wordOrder,
    access: 'readwrite' as const,
    ...(type === 'bool' || type === 'bitmap16' ? {} : codec ? { codec } : { scale }),
  }));

describe('register value codec', () => {
  it('decodes any words a device sends to a value or a bad reading, never an exception', () => {
    fc.assert(
      fc.property(pointDef, fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 3 }), (def, words) => {
        const { value, problem } = decodeRegisters(def, words);
        if (problem !== undefined) expect(problem.length).toBeGreaterThan(0);
        else if (typeof value === 'number') expect(Number.isNaN(value) && def.type !== 'float32').toBe(false);
      }),
    );
  });

  it('encodes then decodes every value the register can hold to the same value', () => {
    fc.assert(
      fc.property(
        pointDef,
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 2, maxLength: 2 }),
        (def, w) => {
          const words = w.slice(0, widthOf(def));
          const first = decodeRegisters(def, words);
          fc.pre(
            first.problem === undefined && (typeof first.value !== 'number' || Number.isFinite(first.value)),
          );
          const again = decodeRegisters(def, encodeRegisters(def, first.value));
          expect(again.value).toEqual(first.value);
        },
      ),
    );
  });

  it('refuses any value it cannot encode with a typed error', () => {
    const value = fc.oneof(anyNumber, fc.boolean(), fc.string(), fc.constant(null));
    fc.assert(
      fc.property(pointDef, value, (def, v) => {
        const words = onlyTyped(() => encodeRegisters(def, v as never), ['OUT_OF_RANGE', 'NOT_SUPPORTED']);
        if (words === undefined) return;
        expect(words).toHaveLength(widthOf(def));
        for (const word of words) expect(Number.isInteger(word) && word >= 0 && word <= 0xffff).toBe(true);
      }),
    );
  });
});

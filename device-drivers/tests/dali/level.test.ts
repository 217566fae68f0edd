import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import {
  arcToPercent,
  LEVEL_CODEC_NAMES,
  levelCodec,
  percentToArc,
} from '@phare/device-drivers/dali/index.ts';

describe('DALI logarithmic dimming curve (protocols.md §1.4)', () => {
  it('matches the published curve values', () => {
    expect(arcToPercent(1)).toBeCloseTo(0.1, 3);
    expect(arcToPercent(85)).toBeCloseTo(0.99, 2);
    expect(arcToPercent(126)).toBeCloseTo(3.0, 1);
    expect(arcToPercent(170)).toBeCloseTo(10.1, 1);
    expect(arcToPercent(195)).toBeCloseTo(20.0, 1);
    expect(arcToPercent(229)).toBeCloseTo(50.5, 1);
    expect(arcToPercent(254)).toBeCloseTo(100, 6);
    expect(arcToPercent(0)).toBe(0);
  });

  it('agrees with the zencontrol table: 10 % ≈ 170, 50 % ≈ 228, 90 % ≈ 250', () => {
    expect(percentToArc(10)).toBe(170);
    expect(Math.abs(percentToArc(50) - 228)).toBeLessThanOrEqual(1);
    expect(percentToArc(90)).toBe(250);
  });

  it('keeps 0 % off and turns any positive percent into at least arc 1', () => {
    expect(percentToArc(0)).toBe(0);
    expect(percentToArc(0.0001)).toBe(1);
    expect(percentToArc(0.05)).toBe(1);
    expect(percentToArc(100)).toBe(254);
  });

  it('runs the linear curve from 0 to 254 proportionally', () => {
    expect(arcToPercent(127, 'linear')).toBeCloseTo(50, 6);
    expect(percentToArc(50, 'linear')).toBe(127);
    expect(percentToArc(0.01, 'linear')).toBe(1);
  });

  it('is the exact inverse of itself at every arc level, on both curves', () => {
    for (let arc = 0; arc <= 254; arc++) {
      expect(percentToArc(arcToPercent(arc))).toBe(arc);
      expect(percentToArc(arcToPercent(arc, 'linear'), 'linear')).toBe(arc);
    }
  });
});

describe('gateway level codecs (gateway-map.ts LevelCodecName, protocols.md §2)', () => {
  it('encodes 50 % the way each gateway family stores it', () => {
    expect(levelCodec('percent').encode(50)).toBe(50);
    expect(levelCodec('linear255').encode(50)).toBe(128);
    expect(levelCodec('arcLog').encode(50)).toBe(percentToArc(50));
    expect(levelCodec('arcLinear').encode(50)).toBe(127);
    expect(levelCodec('linear255').decode(255)).toBe(100);
    expect(levelCodec('arcLog').decode(229)).toBeCloseTo(50.5, 1);
  });

  it('states each raw range', () => {
    expect(levelCodec('percent').rawRange).toEqual([0, 100]);
    expect(levelCodec('linear255').rawRange).toEqual([0, 255]);
    expect(levelCodec('arcLog').rawRange).toEqual([0, 254]);
    expect(levelCodec('arcLinear').rawRange).toEqual([0, 254]);
  });

  it('throws OutOfRange naming the codec and the range', () => {
    expect(() => levelCodec('percent').encode(101)).toThrow(OutOfRange);
    expect(() => levelCodec('percent').encode(-1)).toThrow(/level codec percent: -1 % is outside 0–100 %/);
    expect(() => levelCodec('arcLog').encode(Number.NaN)).toThrow(OutOfRange);
    expect(() => levelCodec('arcLog').decode(255)).toThrow(
      /level codec arcLog raw value: 255 is not an integer in 0–254/,
    );
    expect(() => levelCodec('linear255').decode(256)).toThrow(OutOfRange);
    expect(() => levelCodec('percent').decode(2.5)).toThrow(OutOfRange);
    expect(() => levelCodec('nope' as 'percent')).toThrow(OutOfRange);
  });

  for (const name of LEVEL_CODEC_NAMES) {
    describe(name, () => {
      const codec = levelCodec(name);
      const [min, max] = codec.rawRange;

      it('decodes then re-encodes every raw value to itself', () => {
        for (let raw = min; raw <= max; raw++) expect(codec.encode(codec.decode(raw))).toBe(raw);
      });

      it('encodes 0 % as off, 100 % as full scale, and any positive percent as on', () => {
        expect(codec.encode(0)).toBe(0);
        expect(codec.encode(100)).toBe(max);
        fc.assert(
          fc.property(fc.double({ min: Number.MIN_VALUE, max: 100, noNaN: true }), (percent) => {
            expect(codec.encode(percent)).toBeGreaterThanOrEqual(1);
          }),
        );
      });

      it('round-trips any percent to within one raw step', () => {
        fc.assert(
          fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (percent) => {
            const raw = codec.encode(percent);
            expect(raw).toBeGreaterThanOrEqual(min);
            expect(raw).toBeLessThanOrEqual(max);
            const back = codec.decode(raw);
            const below = codec.decode(Math.max(min, raw - 1));
            const above = codec.decode(Math.min(max, raw + 1));
            expect(percent).toBeGreaterThanOrEqual(below);
            expect(percent).toBeLessThanOrEqual(above);
            expect(Math.abs(codec.encode(back) - raw)).toBeLessThanOrEqual(1);
          }),
        );
      });

      it('is monotonic: more percent never gives less raw', () => {
        fc.assert(
          fc.property(
            fc.double({ min: 0, max: 100, noNaN: true }),
            fc.double({ min: 0, max: 100, noNaN: true }),
            (a, b) => {
              const [low, high] = a <= b ? [a, b] : [b, a];
              expect(codec.encode(low)).toBeLessThanOrEqual(codec.encode(high));
            },
          ),
        );
      });
    });
  }
});

describe('percent codec (Intesis registers hold whole percent)', () => {
  it('decodes a register to exactly the percent it holds', () => {
    const codec = levelCodec('percent');
    for (let raw = 0; raw <= 100; raw++) expect(codec.decode(raw)).toBe(raw);
  });
});

import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import { integrateEnergy, type PowerSample } from '../../src/impact/energy-integration.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Samples every `stepMs` from `fromMs` to `toMs` inclusive, with power given by `watts(t)`. */
function curve(
  fromMs: number,
  toMs: number,
  stepMs: number,
  watts: (t: number) => number | null,
): PowerSample[] {
  const samples: PowerSample[] = [];
  for (let t = fromMs; t <= toMs; t += stepMs) samples.push({ ts: t, watts: watts(t) });
  return samples;
}

describe('energy of a run from power samples', () => {
  it('integrates a constant 1 000 W over one hour as 1 kWh', () => {
    // 1 000 W × 1 h = 1 000 Wh = 1 kWh.
    const result = integrateEnergy(curve(0, 60 * MINUTE, 10 * SECOND, () => 1000));
    expect(result.kWh).toBeCloseTo(1, 9);
    expect(result.coveredMs).toBe(60 * MINUTE);
    expect(result.gaps).toEqual([]);
    expect(result.sampleIntervalMs).toBe(10 * SECOND);
    expect(result.meanPowerW).toBeCloseTo(1000, 9);
  });

  it('integrates a ramp from 0 to 2 000 W over one hour exactly as 1 kWh (the trapezoid is exact on a line)', () => {
    // Area of the triangle: ½ × 2 000 W × 1 h = 1 000 Wh.
    const hour = 60 * MINUTE;
    const result = integrateEnergy(
      curve(0, hour, 7 * SECOND + 300, (t) => (2000 * t) / hour).concat({ ts: hour, watts: 2000 }),
    );
    expect(result.kWh).toBeCloseTo(1, 9);
  });

  it('leaves out a gap longer than three sampling intervals and reports it', () => {
    // 1 000 W sampled every 10 s from 0 to 30 min and from 45 to 60 min; nothing between.
    // Integrated: 30 min + 15 min = 45 min × 1 000 W = 750 Wh. The 15-minute hole is reported.
    const samples = [
      ...curve(0, 30 * MINUTE, 10 * SECOND, () => 1000),
      ...curve(45 * MINUTE, 60 * MINUTE, 10 * SECOND, () => 1000),
    ];
    const result = integrateEnergy(samples);
    expect(result.kWh).toBeCloseTo(0.75, 9);
    expect(result.coveredMs).toBe(45 * MINUTE);
    expect(result.spanMs).toBe(60 * MINUTE);
    expect(result.gaps).toEqual([
      { fromTs: 30 * MINUTE, toTs: 45 * MINUTE, durationMs: 15 * MINUTE, reason: 'too-long' },
    ]);
  });

  it('integrates a step of up to three intervals, as a late poll is not a gap', () => {
    // One sample missing at 20 s: the 10 s → 30 s step is 2 intervals, still integrated.
    const samples = curve(0, 60 * SECOND, 10 * SECOND, () => 360).filter((s) => s.ts !== 20 * SECOND);
    // 360 W × 60 s = 21 600 J = 6 Wh.
    expect(integrateEnergy(samples).kWh).toBeCloseTo(0.006, 12);
    expect(integrateEnergy(samples).gaps).toEqual([]);
  });

  it('treats samples with no value as one gap on both sides', () => {
    // 600 W every 10 s over 2 min, with the samples at 40 s and 50 s offline.
    // Integrated: 0–30 s and 60–120 s = 90 s × 600 W = 15 Wh. Gap: 30 s → 60 s.
    const samples = curve(0, 120 * SECOND, 10 * SECOND, (t) =>
      t === 40 * SECOND || t === 50 * SECOND ? null : 600,
    );
    const result = integrateEnergy(samples);
    expect(result.kWh).toBeCloseTo(0.015, 12);
    expect(result.gaps).toEqual([
      { fromTs: 30 * SECOND, toTs: 60 * SECOND, durationMs: 30 * SECOND, reason: 'no-value' },
    ]);
  });

  it('uses the given sampling interval instead of the median when told', () => {
    // Samples every 10 s but the poll interval is 2 s: with the default factor 3, any step > 6 s is a gap.
    const result = integrateEnergy(
      curve(0, 30 * SECOND, 10 * SECOND, () => 100),
      { sampleIntervalMs: 2 * SECOND },
    );
    expect(result.kWh).toBe(0);
    expect(result.gaps).toHaveLength(1);
    expect(result.gaps[0]).toMatchObject({ fromTs: 0, toTs: 30 * SECOND, reason: 'too-long' });
  });

  it('gives zero for fewer than two samples', () => {
    expect(integrateEnergy([]).kWh).toBe(0);
    expect(integrateEnergy([{ ts: 5, watts: 100 }]).kWh).toBe(0);
  });

  it('refuses samples out of time order and negative power, naming the sample', () => {
    expect(() =>
      integrateEnergy([
        { ts: 10, watts: 1 },
        { ts: 5, watts: 1 },
      ]),
    ).toThrow(OutOfRange);
    expect(() =>
      integrateEnergy([
        { ts: 10, watts: 1 },
        { ts: 5, watts: 1 },
      ]),
    ).toThrow(/sample 1/);
    expect(() =>
      integrateEnergy([
        { ts: 0, watts: -3 },
        { ts: 5, watts: 1 },
      ]),
    ).toThrow(/-3 W/);
  });
});

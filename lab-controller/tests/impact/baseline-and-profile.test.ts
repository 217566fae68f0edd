import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import { compareToBaseline } from '../../src/impact/baseline.ts';
import { completeProfile, hourlyProfileFromSamples } from '../../src/impact/dimming-profile.ts';
import { integrateEnergy, type PowerSample } from '../../src/impact/energy-integration.ts';

describe('comparison with the scenario baseline', () => {
  it('compares a dimmed run with all luminaires at 100 % for the same time', () => {
    // 8 luminaires × 60 W = 480 W installed, over a 2 h run: baseline 0,96 kWh.
    // Measured 0,576 kWh → saved 0,384 kWh = 40 %; used 60 % of full power on average.
    const result = compareToBaseline(0.576, { kind: 'full-power', installedPowerW: 480, durationHours: 2 });
    expect(result.baselineKWh).toBeCloseTo(0.96, 12);
    expect(result.savedKWh).toBeCloseTo(0.384, 12);
    expect(result.savedFraction).toBeCloseTo(0.4, 12);
    expect(result.usedFraction).toBeCloseTo(0.6, 12);
    expect(result.assumptions.map((a) => a.key)).toEqual([
      'baseline.installedPowerW',
      'baseline.durationHours',
    ]);
  });

  it('corrects a building reference by heating degree-days when the weather differed', () => {
    // Before renovation: 1 200 kWh over a period of 300 DJU. The run's period had 250 DJU: the
    // reference under the same weather is 1 200 × 250 / 300 = 1 000 kWh. Measured 820 → 18 % saved.
    const result = compareToBaseline(820, {
      kind: 'reference',
      referenceKWh: 1200,
      degreeDays: { reference: 300, run: 250 },
    });
    expect(result.baselineKWh).toBeCloseTo(1000, 9);
    expect(result.savedFraction).toBeCloseTo(0.18, 12);
    expect(result.assumptions.find((a) => a.key === 'baseline.degreeDaysRatio')?.value).toBeCloseTo(
      250 / 300,
      12,
    );
  });

  it('reports a negative saving when the scenario used more than its baseline', () => {
    const result = compareToBaseline(110, { kind: 'reference', referenceKWh: 100 });
    expect(result.savedKWh).toBe(-10);
    expect(result.savedFraction).toBeCloseTo(-0.1, 12);
  });

  it('refuses a negative measurement and a zero reference degree-day count', () => {
    expect(() => compareToBaseline(-1, { kind: 'reference', referenceKWh: 100 })).toThrow(OutOfRange);
    expect(() =>
      compareToBaseline(1, { kind: 'reference', referenceKWh: 100, degreeDays: { reference: 0, run: 10 } }),
    ).toThrow(/degreeDays\.reference/);
  });

  it('chains with the integration: the energy of a measured curve against its full-power baseline', () => {
    // 10 luminaires of 100 W at 100 % for 30 min then 50 % for 30 min, sampled every minute.
    // Measured: 1 000 W × 0,5 h + 500 W × 0,5 h = 0,75 kWh (the trapezoid over the 1-min step at
    // the switch adds ½ × 500 W × 1 min and removes as much: the switch sits on a sample).
    const samples: PowerSample[] = Array.from({ length: 61 }, (_, m) => ({
      ts: m * 60_000,
      watts: m < 30 ? 1000 : m === 30 ? 750 : 500,
    }));
    const energy = integrateEnergy(samples);
    const result = compareToBaseline(energy.kWh, {
      kind: 'full-power',
      installedPowerW: 1000,
      durationHours: 1,
    });
    expect(result.measuredKWh).toBeCloseTo(0.75, 9);
    expect(result.usedFraction).toBeCloseTo(0.75, 9);
  });
});

describe('dimming profile measured from a run', () => {
  it('averages the power of each clock hour as a fraction of full power', () => {
    // A simulated night compressed: each minute of run stands for one clock hour from 18:00.
    // 18:00–21:59 at 1 000 W, 22:00–05:59 at 400 W, of 1 000 W full power.
    const hourOf = (ts: number): number => (18 + Math.floor(ts / 60_000)) % 24;
    const samples: PowerSample[] = [];
    for (let minute = 0; minute < 12; minute += 1)
      for (let s = 0; s < 60; s += 10)
        samples.push({ ts: minute * 60_000 + s * 1000, watts: minute < 4 ? 1000 : 400 });
    const profile = hourlyProfileFromSamples(samples, { fullPowerW: 1000, hourOf });
    expect(profile[18]).toBeCloseTo(1, 9);
    // Hour 21 ends with the step 21:50 → 22:00 (1 000 → 400 W, trapezoid 700 W):
    // (50 s × 1 000 W + 10 s × 700 W) / 60 s / 1 000 W = 0,95.
    expect(profile[21]).toBeCloseTo(0.95, 9);
    expect(profile[23]).toBeCloseTo(0.4, 9);
    expect(profile[5]).toBeCloseTo(0.4, 9);
    expect(profile[12]).toBeNull();
  });

  it('fills unmeasured hours with full power and says which', () => {
    const measured = Array.from({ length: 24 }, (_, h) => (h >= 22 || h < 6 ? 0.5 : null));
    const { fractions, filledHours } = completeProfile(measured);
    expect(fractions[23]).toBe(0.5);
    expect(fractions[18]).toBe(1);
    expect(filledHours).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  });

  it('refuses a full power of zero', () => {
    expect(() => hourlyProfileFromSamples([], { fullPowerW: 0 })).toThrow(OutOfRange);
  });
});

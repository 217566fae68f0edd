import { describe, expect, it } from 'vitest';
import type { MeasuredLabEnergy } from '../../src/impact/measure-lab-energy.ts';
import { runBaseline } from '../../src/impact/run-baseline.ts';

const label = { fr: 'Référence', en: 'Baseline' };
/** A run measured with no luminaire: only captured baselines can judge it. */
const noLighting = {
  window: { from: 0, to: 1 },
  lighting: { kWh: 0, ratedPowerW: 0, coveredMs: 0, luminaires: [], comparison: null },
  meters: [],
  skipped: [],
} as MeasuredLabEnergy;

describe("a run judged against its scenario's baseline", () => {
  it('compares the captured week after renovation with the captured week before', () => {
    // Before: 1 850 kWh; after: 740 kWh → saved 1 110 kWh = 60 %, used 40 %.
    const timeline = [
      { step: 'week-before', value: 1850 },
      { step: 'week-after', value: 740 },
    ];
    const view = runBaseline(
      { kind: 'captured', reference: 'week-before', measured: 'week-after', label },
      noLighting,
      timeline,
    );
    expect(view.missing).toBeNull();
    expect(view.comparison!.baselineKWh).toBe(1850);
    expect(view.comparison!.savedKWh).toBe(1110);
    expect(view.comparison!.savedFraction).toBeCloseTo(0.6, 12);
    expect(view.comparison!.usedFraction).toBeCloseTo(0.4, 12);
  });

  it('takes the last capture of a step repeated in a loop', () => {
    const timeline = [
      { step: 'ref', value: 10 },
      { step: 'ref', value: 20 },
      { step: 'now', value: 5 },
    ];
    const view = runBaseline(
      { kind: 'captured', reference: 'ref', measured: 'now', label },
      noLighting,
      timeline,
    );
    expect(view.comparison!.baselineKWh).toBe(20);
  });

  it('says which capture is missing while the run has not reached it', () => {
    const view = runBaseline(
      { kind: 'captured', reference: 'week-before', measured: 'week-after', label },
      noLighting,
      [{ step: 'week-before', value: 1850 }],
    );
    expect(view.comparison).toBeNull();
    expect(view.missing).toBe('capture step "week-after" has no energy value yet');
  });

  it('has no full-power comparison when no luminaire was measured', () => {
    const view = runBaseline({ kind: 'full-power', label }, noLighting, []);
    expect(view).toMatchObject({ comparison: null, missing: 'no luminaire with a rated power was measured' });
  });
});

/**
 * A run judged against the baseline its scenario declares (`impact.baseline`, issue 11):
 * - `full-power`: the lighting energy measured over the run against the same luminaires at 100 %
 *   for the time they were known (measure-lab-energy.ts computes that comparison);
 * - `captured`: two `capture` steps of the run, in kWh (the renovation showcase captures the
 *   school's meter over the same simulated week before and after).
 * A run that has not reached its captures yet has no comparison, and says which step is missing.
 */
import type { Localized } from '../api/wire.ts';
import type { ImpactBaseline } from '../scenario/schema.ts';
import { compareToBaseline, type BaselineComparison } from './baseline.ts';
import type { MeasuredLabEnergy } from './measure-lab-energy.ts';

export interface RunBaselineView {
  kind: ImpactBaseline['kind'];
  label: Localized;
  /** Null while the run lacks what the baseline needs (`missing` says what). */
  comparison: BaselineComparison | null;
  missing: string | null;
}

interface CapturedEntry {
  step: string;
  value?: unknown;
}

export function runBaseline(
  baseline: ImpactBaseline,
  measured: MeasuredLabEnergy,
  timeline: readonly CapturedEntry[],
): RunBaselineView {
  const view = { kind: baseline.kind, label: baseline.label };
  if (baseline.kind === 'full-power') {
    const comparison = measured.lighting.comparison;
    return comparison
      ? { ...view, comparison, missing: null }
      : { ...view, comparison: null, missing: 'no luminaire with a rated power was measured' };
  }
  const captured = (step: string): number | undefined => {
    // The last capture wins: a step inside a repeat is captured once per iteration.
    const value = timeline.findLast((entry) => entry.step === step && entry.value !== undefined)?.value;
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const reference = captured(baseline.reference);
  const after = captured(baseline.measured);
  if (reference === undefined || after === undefined) {
    const step = reference === undefined ? baseline.reference : baseline.measured;
    return { ...view, comparison: null, missing: `capture step "${step}" has no energy value yet` };
  }
  return {
    ...view,
    comparison: compareToBaseline(after, { kind: 'reference', referenceKWh: reference }),
    missing: null,
  };
}

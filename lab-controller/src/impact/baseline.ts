/**
 * What a run saved against its scenario's baseline (hardware/impact/README.md §2).
 *
 * Two kinds of baseline:
 * - `full-power`: the same luminaires at 100 % for the same dark time ("all luminaires at 100 %
 *   from dusk to dawn"): baseline = installed power × duration;
 * - `reference`: the energy of a reference run or period (the building before renovation), made
 *   comparable by heating degree-days when the weather differed: a building's heating need is
 *   roughly proportional to degree-days (the DJU method used by ADEME and the CEREN), so the
 *   reference is scaled by DJU(run) / DJU(reference).
 */
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import { inputAssumption, type Assumption } from './assumption.ts';

export type Baseline =
  | { kind: 'full-power'; installedPowerW: number; durationHours: number }
  | {
      kind: 'reference';
      referenceKWh: number;
      /** Heating degree-days of the reference period and of the run, for weather correction. */
      degreeDays?: { reference: number; run: number };
    };

export interface BaselineComparison {
  measuredKWh: number;
  baselineKWh: number;
  savedKWh: number;
  /** saved / baseline, in [−∞, 1]; negative when the scenario used more. 0 for an empty baseline. */
  savedFraction: number;
  /** measured / baseline: for lighting, the mean dimmed power as a fraction of full power. */
  usedFraction: number;
  assumptions: Assumption[];
}

function nonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0)
    throw new OutOfRange(
      `${name} = ${value} : attendu un nombre >= 0 / ${name} = ${value}: expected a number >= 0`,
      { detail: { field: name, value } },
    );
}

export function baselineKWh(baseline: Baseline): { kWh: number; assumptions: Assumption[] } {
  if (baseline.kind === 'full-power') {
    nonNegative('installedPowerW', baseline.installedPowerW);
    nonNegative('durationHours', baseline.durationHours);
    return {
      kWh: (baseline.installedPowerW * baseline.durationHours) / 1000,
      assumptions: [
        inputAssumption(
          'baseline.installedPowerW',
          {
            fr: 'Référence : tous les luminaires à 100 %, puissance installée',
            en: 'Baseline: all luminaires at 100 %, installed power',
          },
          baseline.installedPowerW,
          'W',
        ),
        inputAssumption(
          'baseline.durationHours',
          { fr: 'Référence : durée', en: 'Baseline: duration' },
          baseline.durationHours,
          'h',
        ),
      ],
    };
  }
  nonNegative('referenceKWh', baseline.referenceKWh);
  const assumptions = [
    inputAssumption(
      'baseline.referenceKWh',
      { fr: 'Référence : consommation mesurée avant', en: 'Baseline: energy measured before' },
      baseline.referenceKWh,
      'kWh',
    ),
  ];
  if (!baseline.degreeDays) return { kWh: baseline.referenceKWh, assumptions };
  const { reference, run } = baseline.degreeDays;
  nonNegative('degreeDays.run', run);
  if (!(reference > 0))
    throw new OutOfRange(`degreeDays.reference = ${reference} : attendu > 0 / expected > 0`, {
      detail: { field: 'degreeDays.reference', value: reference },
    });
  assumptions.push(
    inputAssumption(
      'baseline.degreeDaysRatio',
      {
        fr: 'Correction climatique : DJU de la période mesurée / DJU de la référence',
        en: 'Weather correction: degree-days of the run / of the reference',
      },
      run / reference,
      '',
    ),
  );
  return { kWh: (baseline.referenceKWh * run) / reference, assumptions };
}

export function compareToBaseline(measuredKWh: number, baseline: Baseline): BaselineComparison {
  nonNegative('measuredKWh', measuredKWh);
  const base = baselineKWh(baseline);
  const savedKWh = base.kWh - measuredKWh;
  return {
    measuredKWh,
    baselineKWh: base.kWh,
    savedKWh,
    savedFraction: base.kWh > 0 ? savedKWh / base.kWh : 0,
    usedFraction: base.kWh > 0 ? measuredKWh / base.kWh : 0,
    assumptions: base.assumptions,
  };
}

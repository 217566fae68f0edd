/**
 * Annual energy saved by a lighting scenario over a territory (hardware/impact/README.md §3):
 *
 *   baseline kWh = N × P_before × H / 1000            (all luminaires at 100 % dusk to dawn)
 *   scenario kWh = N × P × H × f / 1000               (f: mean fraction of full power while lit)
 *   f = Σ_h D_h × p_h / Σ_h D_h                       (D_h: dark hours in clock hour h over a year,
 *                                                      p_h: measured fraction in that hour)
 *   saved = baseline − scenario
 *
 * H comes from astronomy (darkness.ts) at the low/central/high switching altitudes, or from the
 * reference 4 100 h/year, or from a fixed value; each bound of H is computed as its own scenario,
 * with f weighted on the same calendar.
 */
import { inputAssumption, rangeAssumption, type Assumption } from './assumption.ts';
import { darknessCalendar, type DarknessCalendar } from './darkness.ts';
import { completeProfile } from './dimming-profile.ts';
import { factorAssumption, factorRange } from './factor-lookup.ts';
import type { ImpactFactors } from './factors-schema.ts';
import type { LightingInput } from './input-schema.ts';
import { exact, fromScenarios, type Range } from './range.ts';

export interface LightingSavings {
  hoursPerYear: Range;
  /** Mean fraction of full power while lit (f). */
  meanFraction: Range;
  baselineKWh: Range;
  scenarioKWh: Range;
  savedKWh: Range;
  /** Dark hours per month at the central switching altitude, for a chart. */
  darkHoursByMonth: number[];
  assumptions: Assumption[];
}

interface Bound {
  hours: number;
  fraction: number;
}

function weightedFraction(calendar: DarknessCalendar, fractions: number[]): number {
  if (calendar.annualHours === 0) return 1;
  return (
    calendar.hoursByClockHour.reduce((sum, hours, h) => sum + hours * fractions[h]!, 0) / calendar.annualHours
  );
}

export function lightingSavings(input: LightingInput, factors: ImpactFactors, year: number): LightingSavings {
  const altitude = factorRange(factors, 'switchSunAltitude');
  const calendarAt = (switchAltitudeDeg: number): DarknessCalendar =>
    darknessCalendar({
      latitudeDeg: input.latitudeDeg,
      longitudeDeg: input.longitudeDeg,
      year,
      switchAltitudeDeg,
    });
  const calendars = {
    low: calendarAt(altitude.low),
    central: calendarAt(altitude.central),
    high: calendarAt(altitude.high),
  };

  const assumptions: Assumption[] = [
    inputAssumption(
      'input.lighting.luminaireCount',
      { fr: 'Nombre de luminaires', en: 'Number of luminaires' },
      input.luminaireCount,
      '',
    ),
    inputAssumption(
      'input.lighting.luminaireWattageW',
      { fr: "Puissance d'un luminaire", en: 'Power of one luminaire' },
      input.luminaireWattageW,
      'W',
    ),
    inputAssumption(
      'input.lighting.latitudeDeg',
      { fr: 'Latitude du territoire', en: 'Latitude of the territory' },
      input.latitudeDeg,
      '°',
    ),
  ];
  const before = input.baselineWattageW ?? input.luminaireWattageW;
  if (input.baselineWattageW !== undefined)
    assumptions.push(
      inputAssumption(
        'input.lighting.baselineWattageW',
        { fr: "Puissance d'un luminaire avant rénovation", en: 'Power of one luminaire before retrofit' },
        input.baselineWattageW,
        'W',
      ),
    );

  let fractionAt: (calendar: DarknessCalendar) => number;
  if ('average' in input.dimming) {
    const average = input.dimming.average;
    fractionAt = () => average;
    assumptions.push(
      inputAssumption(
        'input.lighting.dimming.average',
        {
          fr: 'Puissance moyenne la nuit avec la gradation (fraction de la pleine puissance)',
          en: 'Mean power at night with dimming (fraction of full power)',
        },
        average,
        '',
      ),
    );
  } else {
    const { fractions, filledHours } = completeProfile(input.dimming.hourly);
    fractionAt = (calendar) => weightedFraction(calendar, fractions);
    assumptions.push({
      key: 'input.lighting.dimming.hourly',
      label: { fr: 'Profil de gradation mesuré, heure par heure', en: 'Measured hourly dimming profile' },
      value: fractions.map((f) => `${Math.round(f * 100)} %`).join(' '),
      unit: '',
      source: 'mesure du scénario / scenario run',
      year: null,
      certainty: 'measured',
    });
    if (filledHours.length > 0)
      assumptions.push({
        key: 'model.lighting.unmeasuredHoursAtFullPower',
        label: {
          fr: 'Heures non mesurées comptées à pleine puissance (aucune économie supposée)',
          en: 'Unmeasured hours counted at full power (no saving assumed)',
        },
        value: filledHours.map((h) => `${h}h`).join(', '),
        unit: '',
        source: 'hypothèse prudente du modèle Phare',
        year: null,
        certainty: 'model',
      });
  }

  let bounds: { low: Bound; central: Bound; high: Bound };
  const mode = input.operatingHours;
  if (mode === 'astronomical') {
    bounds = {
      low: { hours: calendars.low.annualHours, fraction: fractionAt(calendars.low) },
      central: { hours: calendars.central.annualHours, fraction: fractionAt(calendars.central) },
      high: { hours: calendars.high.annualHours, fraction: fractionAt(calendars.high) },
    };
    assumptions.push(factorAssumption(factors, 'switchSunAltitude'));
  } else {
    const hours =
      mode === 'reference' ? factorRange(factors, 'lightingHoursPerYear') : exact(mode.fixedHoursPerYear);
    const fraction = fractionAt(calendars.central);
    bounds = {
      low: { hours: hours.low, fraction },
      central: { hours: hours.central, fraction },
      high: { hours: hours.high, fraction },
    };
    assumptions.push(
      mode === 'reference'
        ? factorAssumption(factors, 'lightingHoursPerYear')
        : inputAssumption(
            'input.lighting.fixedHoursPerYear',
            { fr: 'Heures de fonctionnement par an', en: 'Operating hours per year' },
            mode.fixedHoursPerYear,
            'h',
          ),
    );
  }

  const n = input.luminaireCount;
  const baseline = (b: Bound): number => (n * before * b.hours) / 1000;
  const scenario = (b: Bound): number => (n * input.luminaireWattageW * b.hours * b.fraction) / 1000;
  const over = (f: (b: Bound) => number): Range =>
    fromScenarios(f(bounds.low), f(bounds.central), f(bounds.high));
  const hoursPerYear = over((b) => b.hours);
  if (mode === 'astronomical')
    assumptions.push(
      rangeAssumption(
        'model.lighting.hoursPerYear',
        {
          fr: 'Heures de nuit par an (calcul astronomique)',
          en: 'Dark hours per year (astronomical computation)',
        },
        hoursPerYear,
        'h',
        { source: 'calcul Phare, équations solaires NOAA', year: null, certainty: 'model' },
      ),
    );
  return {
    hoursPerYear,
    meanFraction: over((b) => b.fraction),
    baselineKWh: over(baseline),
    scenarioKWh: over(scenario),
    savedKWh: over((b) => baseline(b) - scenario(b)),
    darkHoursByMonth: calendars.central.hoursByMonth,
    assumptions,
  };
}

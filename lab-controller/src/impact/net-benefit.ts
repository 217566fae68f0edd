/**
 * Net benefit: what the scenario saves minus what the digital kit costs, per year and over the
 * equipment's life (hardware/impact/README.md §7).
 *
 *   net per year       = savings − footprint                (interval: low = savings.low − footprint.high)
 *   payback (years)    = investment € / net € per year      (null: never paid back at that bound)
 *   cumulative € (y)   = − investment + y × net € per year
 *   cumulative kg (y)  = y × (saved kg − use kg) − Σ count × manufacture kg × purchases(y)
 *
 * The yearly figure amortises manufacture over the lifetime; the cumulative series instead counts
 * it when it is emitted, at purchase and at each renewal, so the chart shows the carbon debt the
 * kit starts with and the year it is repaid.
 */
import type { KitItem } from './digital-footprint.ts';
import { subtract, type Range } from './range.ts';

export interface Flows {
  kWh: Range;
  eur: Range;
  kgCO2e: Range;
}

export interface PaybackYears {
  low: number | null;
  central: number | null;
  high: number | null;
}

export interface LifetimePoint {
  year: number;
  /** Central values. */
  cumulativeNetEur: number;
  cumulativeNetKgCO2e: number;
  /** Least and most favourable bounds, for a band on the chart. */
  band: { eur: { low: number; high: number }; kgCO2e: { low: number; high: number } };
}

export function netFlows(savings: Flows, footprint: Flows): Flows {
  return {
    kWh: subtract(savings.kWh, footprint.kWh),
    eur: subtract(savings.eur, footprint.eur),
    kgCO2e: subtract(savings.kgCO2e, footprint.kgCO2e),
  };
}

/** Shortest payback with the most favourable net saving, longest with the least favourable. */
export function paybackYears(investmentEur: number, netEurPerYear: Range): PaybackYears {
  const years = (net: number): number | null =>
    investmentEur === 0 ? 0 : net > 0 ? investmentEur / net : null;
  return {
    low: years(netEurPerYear.high),
    central: years(netEurPerYear.central),
    high: years(netEurPerYear.low),
  };
}

/** Purchases of an item with this lifetime made by the end of year y (bought at 0, L, 2L…). */
export function purchasesBy(year: number, lifetimeYears: number): number {
  return year === 0 ? 1 : Math.ceil(year / lifetimeYears - 1e-9);
}

export interface SeriesInput {
  horizonYears: number;
  investmentEur: number;
  netEurPerYear: Range;
  savedKgCO2ePerYear: Range;
  useKgCO2ePerYear: Range;
  kit: KitItem[];
}

type Bound = 'low' | 'central' | 'high';
const opposite = (b: Bound): Bound => (b === 'low' ? 'high' : b === 'high' ? 'low' : 'central');

export function lifetimeSeries(input: SeriesInput): LifetimePoint[] {
  // The unfavourable bound pairs the heaviest manufacture with the shortest life, and the most
  // favourable the lightest with the longest.
  const embodiedBy = (year: number, pick: Bound): number =>
    input.kit.reduce(
      (sum, item) =>
        sum + item.count * item.embodiedKgCO2e[opposite(pick)] * purchasesBy(year, item.lifetimeYears[pick]),
      0,
    );
  const kgAt = (year: number, pick: Bound): number =>
    year * (input.savedKgCO2ePerYear[pick] - input.useKgCO2ePerYear[opposite(pick)]) - embodiedBy(year, pick);
  const eurAt = (year: number, pick: Bound): number =>
    -input.investmentEur + year * input.netEurPerYear[pick];
  return Array.from({ length: input.horizonYears + 1 }, (_, year) => ({
    year,
    cumulativeNetEur: eurAt(year, 'central'),
    cumulativeNetKgCO2e: kgAt(year, 'central'),
    band: {
      eur: { low: eurAt(year, 'low'), high: eurAt(year, 'high') },
      kgCO2e: { low: kgAt(year, 'low'), high: kgAt(year, 'high') },
    },
  }));
}

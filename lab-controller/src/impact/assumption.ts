/**
 * What every output of the impact model carries: the assumptions it used, each with its value,
 * unit and source, so that the kiosk can list them in plain French ("Prix de l'électricité :
 * 0,22 €/kWh (0,15 à 0,30), source …, 2024").
 */
import type { Localized } from '../api/wire.ts';
import type { Range } from './range.ts';

export type Certainty = 'published' | 'to-verify' | 'estimate' | 'input' | 'measured' | 'model';

export interface Assumption {
  /** Stable key, e.g. `factors.electricityPrice`, `input.lighting.luminaireCount`. */
  key: string;
  label: Localized;
  /** The central value, or a word for a choice ("astronomical"). */
  value: number | string;
  /** Bounds when the value is uncertain. */
  range?: { low: number; high: number };
  unit: string;
  source: string;
  /** Year of the source; null for the caller's own inputs. */
  year: number | null;
  certainty: Certainty;
}

export function rangeAssumption(
  key: string,
  label: Localized,
  range: Range,
  unit: string,
  origin: { source: string; year: number | null; certainty: Certainty },
): Assumption {
  return {
    key,
    label,
    value: range.central,
    ...(range.low !== range.high ? { range: { low: range.low, high: range.high } } : {}),
    unit,
    ...origin,
  };
}

export function inputAssumption(
  key: string,
  label: Localized,
  value: number | string,
  unit: string,
): Assumption {
  return { key, label, value, unit, source: 'saisie / input', year: null, certainty: 'input' };
}

/** Keeps the first assumption of each key, in order. */
export function uniqueAssumptions(list: Assumption[]): Assumption[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.key) ? false : (seen.add(a.key), true)));
}

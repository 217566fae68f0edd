/** Reads one factor of the loaded file as a Range and as the Assumption that says where it comes from. */
import { rangeAssumption, type Assumption } from './assumption.ts';
import type { EquipmentKind, FactorKey, ImpactFactors } from './factors-schema.ts';
import type { Range } from './range.ts';

export function factorRange(factors: ImpactFactors, key: FactorKey): Range {
  const f = factors.factors[key];
  return { low: f.low, central: f.central, high: f.high };
}

export function factorAssumption(factors: ImpactFactors, key: FactorKey): Assumption {
  const f = factors.factors[key];
  return rangeAssumption(`factors.${key}`, f.label, factorRange(factors, key), f.unit, {
    source: f.source,
    year: f.year,
    certainty: f.certainty,
  });
}

/** The equipment's three uncertain properties as assumptions (fabrication, lifetime, power). */
export function equipmentAssumptions(factors: ImpactFactors, kind: EquipmentKind): Assumption[] {
  const e = factors.equipment[kind];
  const origin = { source: e.source, year: e.year, certainty: e.certainty };
  const labelled = (fr: string, en: string) => ({ fr: `${e.label.fr} : ${fr}`, en: `${e.label.en}: ${en}` });
  return [
    rangeAssumption(
      `equipment.${kind}.embodiedKgCO2e`,
      labelled('fabrication', 'manufacture'),
      e.embodiedKgCO2e,
      'kgCO2e',
      origin,
    ),
    rangeAssumption(
      `equipment.${kind}.lifetimeYears`,
      labelled('durée de vie', 'lifetime'),
      e.lifetimeYears,
      'an',
      origin,
    ),
    rangeAssumption(
      `equipment.${kind}.powerW`,
      labelled('puissance propre', 'own power draw'),
      e.powerW,
      'W',
      origin,
    ),
  ];
}

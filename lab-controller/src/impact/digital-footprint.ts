/**
 * What the digital kit itself costs each year (hardware/impact/README.md §6):
 *
 *   embodied kgCO2e/year = count × manufacture kgCO2e / lifetime years   (linear amortisation)
 *   use kWh/year         = count × own power W × hours per year / 1000
 *   use kgCO2e/year      = use kWh × electricity emission factor (annual mean: the kit runs all year)
 *   use €/year           = use kWh × electricity price
 *
 * Values come from the factors file (ranges) unless the caller gives the device's own figures
 * (from its profile or PEP ecopassport), which are then exact.
 */
import { inputAssumption, type Assumption } from './assumption.ts';
import { equipmentAssumptions } from './factor-lookup.ts';
import type { EquipmentKind, ImpactFactors } from './factors-schema.ts';
import type { KitItemInput } from './input-schema.ts';
import { add, dividePositive, exact, multiply, scale, ZERO, type Range } from './range.ts';
import type { Rates } from './rates.ts';

export interface KitItem {
  kind: EquipmentKind;
  count: number;
  embodiedKgCO2e: Range;
  lifetimeYears: Range;
  powerW: Range;
  hoursPerYear: number;
}

export interface ItemFootprint {
  item: KitItem;
  embodiedKgCO2ePerYear: Range;
  useKWh: Range;
  useKgCO2e: Range;
  useEur: Range;
}

export interface DigitalFootprint {
  /** Electricity the kit draws per year. */
  kWh: Range;
  /** Cost of that electricity per year. */
  eur: Range;
  /** Embodied (amortised) + use, per year. */
  kgCO2e: Range;
  embodiedKgCO2e: Range;
  useKgCO2e: Range;
  items: ItemFootprint[];
  assumptions: Assumption[];
}

/** The kit's items with counts (perLuminaire rounded up: a 51st luminaire needs a second gateway). */
export function resolveKit(
  items: KitItemInput[],
  factors: ImpactFactors,
  luminaireCount: number,
): { items: KitItem[]; assumptions: Assumption[] } {
  const assumptions: Assumption[] = [];
  const resolved = items.map((input, i): KitItem => {
    const base = factors.equipment[input.kind];
    const count = input.count ?? Math.ceil((input.perLuminaire ?? 0) * luminaireCount - 1e-9);
    const label = base.label;
    assumptions.push(
      inputAssumption(
        `input.digitalKit.${i}.count`,
        { fr: `${label.fr} : nombre`, en: `${label.en}: count` },
        count,
        '',
      ),
    );
    const own = (
      value: number | undefined,
      key: string,
      fr: string,
      en: string,
      unit: string,
    ): Range | undefined => {
      if (value === undefined) return undefined;
      assumptions.push({
        ...inputAssumption(
          `input.digitalKit.${i}.${key}`,
          { fr: `${label.fr} : ${fr}`, en: `${label.en}: ${en}` },
          value,
          unit,
        ),
        source: 'profil ou fiche du fabricant / device profile or datasheet',
      });
      return exact(value);
    };
    const embodied = own(input.embodiedKgCO2e, 'embodiedKgCO2e', 'fabrication', 'manufacture', 'kgCO2e');
    const lifetime = own(input.lifetimeYears, 'lifetimeYears', 'durée de vie', 'lifetime', 'an');
    const power = own(input.powerW, 'powerW', 'puissance propre', 'own power draw', 'W');
    const hours = input.hoursPerYear ?? base.hoursPerYear;
    assumptions.push(
      ...equipmentAssumptions(factors, input.kind).filter(
        (a) =>
          !(a.key.endsWith('embodiedKgCO2e') && embodied) &&
          !(a.key.endsWith('lifetimeYears') && lifetime) &&
          !(a.key.endsWith('powerW') && power),
      ),
      {
        ...inputAssumption(
          `input.digitalKit.${i}.hoursPerYear`,
          {
            fr: `${label.fr} : heures de fonctionnement par an`,
            en: `${label.en}: operating hours per year`,
          },
          hours,
          'h',
        ),
        ...(input.hoursPerYear === undefined
          ? { source: base.source, year: base.year, certainty: base.certainty }
          : {}),
      },
    );
    return {
      kind: input.kind,
      count,
      embodiedKgCO2e: embodied ?? base.embodiedKgCO2e,
      lifetimeYears: lifetime ?? base.lifetimeYears,
      powerW: power ?? base.powerW,
      hoursPerYear: hours,
    };
  });
  return { items: resolved, assumptions };
}

export function digitalFootprint(
  items: KitItem[],
  rates: Rates,
  assumptions: Assumption[] = [],
): DigitalFootprint {
  const perItem = items.map((item): ItemFootprint => {
    const useKWh = scale(item.powerW, (item.count * item.hoursPerYear) / 1000);
    return {
      item,
      embodiedKgCO2ePerYear: scale(dividePositive(item.embodiedKgCO2e, item.lifetimeYears), item.count),
      useKWh,
      useKgCO2e: multiply(useKWh, rates.electricityKgPerKWh.value),
      useEur: multiply(useKWh, rates.electricityEurPerKWh.value),
    };
  });
  const sum = (pick: (f: ItemFootprint) => Range): Range =>
    perItem.length ? add(...perItem.map(pick)) : ZERO;
  const embodiedKgCO2e = sum((f) => f.embodiedKgCO2ePerYear);
  const useKgCO2e = sum((f) => f.useKgCO2e);
  return {
    kWh: sum((f) => f.useKWh),
    eur: sum((f) => f.useEur),
    kgCO2e: add(embodiedKgCO2e, useKgCO2e),
    embodiedKgCO2e,
    useKgCO2e,
    items: perItem,
    assumptions: items.length
      ? [...assumptions, ...rates.electricityKgPerKWh.assumptions, ...rates.electricityEurPerKWh.assumptions]
      : assumptions,
  };
}

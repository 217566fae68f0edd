/**
 * projectTerritory: the one call the kiosk and the API make. From a scenario's measured behaviour
 * (dimming profile, saved fraction) and a territory's size, it gives what a year saves in kWh, €
 * and kgCO2e, what the digital kit costs, the net benefit, the payback time and a lifetime series,
 * each as low/central/high, with every assumption used (hardware/impact/README.md).
 *
 * Throws OutOfRange (HTTP 400) whose detail.issues lists the refused fields in French and English;
 * use parseTerritoryInput first to show the issues without an exception.
 */
import { uniqueAssumptions, inputAssumption, type Assumption } from './assumption.ts';
import { buildingSavings, type BuildingSavings } from './building-savings.ts';
import { digitalFootprint, resolveKit } from './digital-footprint.ts';
import type { EquipmentKind, ImpactFactors } from './factors-schema.ts';
import { territoryInputOrThrow } from './input-issues.ts';
import { lightingSavings, type LightingSavings } from './lighting-savings.ts';
import {
  lifetimeSeries,
  netFlows,
  paybackYears,
  type Flows,
  type LifetimePoint,
  type PaybackYears,
} from './net-benefit.ts';
import { add, multiply, type Range } from './range.ts';
import { resolveRates } from './rates.ts';

export interface LightingBreakdown extends Omit<LightingSavings, 'assumptions'> {
  eur: Range;
  kgCO2e: Range;
}

export interface FootprintItemSummary {
  kind: EquipmentKind;
  count: number;
  embodiedKgCO2ePerYear: Range;
  useKWh: Range;
  useKgCO2e: Range;
  useEur: Range;
}

export interface TerritoryProjection {
  /** What the scenario saves per year over the territory. */
  annual: Flows;
  breakdown: {
    lighting: LightingBreakdown | null;
    building: Omit<BuildingSavings, 'assumptions'> | null;
  };
  /** What the digital kit costs per year (electricity it draws, its manufacture amortised). */
  footprint: Flows & { embodiedKgCO2e: Range; useKgCO2e: Range; items: FootprintItemSummary[] };
  /** annual − footprint. */
  net: Flows;
  investmentEur: number;
  paybackYears: PaybackYears;
  horizonYears: number;
  lifetimeSeries: LifetimePoint[];
  assumptions: Assumption[];
}

/** Without a kit, ten years: the usual horizon of a public lighting renovation plan. */
const DEFAULT_HORIZON_YEARS = 10;

export function projectTerritory(rawInput: unknown, factors: ImpactFactors): TerritoryProjection {
  const input = territoryInputOrThrow(rawInput);
  const rates = resolveRates(input, factors);
  const assumptions: Assumption[] = [];

  let lighting: LightingBreakdown | null = null;
  if (input.lighting) {
    const { assumptions: used, ...saved } = lightingSavings(input.lighting, factors, input.year);
    lighting = {
      ...saved,
      eur: multiply(saved.savedKWh, rates.electricityEurPerKWh.value),
      kgCO2e: multiply(saved.savedKWh, rates.electricityKgPerKWh.value),
    };
    assumptions.push(
      ...used,
      ...rates.electricityEurPerKWh.assumptions,
      ...rates.electricityKgPerKWh.assumptions,
    );
  }
  let building: Omit<BuildingSavings, 'assumptions'> | null = null;
  if (input.building) {
    const { assumptions: used, ...saved } = buildingSavings(input.building, rates);
    building = saved;
    assumptions.push(...used);
  }
  const parts = [
    lighting && { kWh: lighting.savedKWh, eur: lighting.eur, kgCO2e: lighting.kgCO2e },
    building && { kWh: building.savedKWh, eur: building.eur, kgCO2e: building.kgCO2e },
  ].filter((p): p is Flows => p !== null);
  const annual: Flows = {
    kWh: add(...parts.map((p) => p.kWh)),
    eur: add(...parts.map((p) => p.eur)),
    kgCO2e: add(...parts.map((p) => p.kgCO2e)),
  };

  const luminaires = input.lighting?.luminaireCount ?? 0;
  const kit = resolveKit(input.digitalKit, factors, luminaires);
  const footprint = digitalFootprint(kit.items, rates, kit.assumptions);
  assumptions.push(...footprint.assumptions);

  const net = netFlows(annual, footprint);
  const investmentEur = input.investment.perLuminaireEur * luminaires + input.investment.fixedEur;
  if (investmentEur > 0)
    assumptions.push(
      inputAssumption(
        'input.investment.perLuminaireEur',
        { fr: 'Coût du kit connecté par luminaire', en: 'Connected kit cost per luminaire' },
        input.investment.perLuminaireEur,
        '€',
      ),
      inputAssumption(
        'input.investment.fixedEur',
        { fr: 'Coût fixe du projet', en: 'Fixed project cost' },
        input.investment.fixedEur,
        '€',
      ),
    );
  const horizonYears =
    input.horizonYears ??
    (kit.items.length
      ? Math.ceil(Math.max(...kit.items.map((i) => i.lifetimeYears.central)))
      : DEFAULT_HORIZON_YEARS);

  return {
    annual,
    breakdown: { lighting, building },
    footprint: {
      kWh: footprint.kWh,
      eur: footprint.eur,
      kgCO2e: footprint.kgCO2e,
      embodiedKgCO2e: footprint.embodiedKgCO2e,
      useKgCO2e: footprint.useKgCO2e,
      items: footprint.items.map((f) => ({
        kind: f.item.kind,
        count: f.item.count,
        embodiedKgCO2ePerYear: f.embodiedKgCO2ePerYear,
        useKWh: f.useKWh,
        useKgCO2e: f.useKgCO2e,
        useEur: f.useEur,
      })),
    },
    net,
    investmentEur,
    paybackYears: paybackYears(investmentEur, net.eur),
    horizonYears,
    lifetimeSeries: lifetimeSeries({
      horizonYears,
      investmentEur,
      netEurPerYear: net.eur,
      savedKgCO2ePerYear: annual.kgCO2e,
      useKgCO2ePerYear: footprint.useKgCO2e,
      kit: kit.items,
    }),
    assumptions: uniqueAssumptions(assumptions),
  };
}

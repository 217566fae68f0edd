/**
 * Prices and emission factors the projection uses: the factors file's low/central/high, or the
 * caller's own value (the authority's bill, a newer factor), which is then exact.
 */
import { inputAssumption, rangeAssumption, type Assumption } from './assumption.ts';
import { factorAssumption, factorRange } from './factor-lookup.ts';
import type { FactorKey, ImpactFactors } from './factors-schema.ts';
import type { TerritoryInput } from './input-schema.ts';
import { exact, multiply, type Range } from './range.ts';

export interface Rate {
  value: Range;
  assumptions: Assumption[];
}

export interface Rates {
  electricityEurPerKWh: Rate;
  /** Gas price per kWh PCI: the billed price per kWh PCS × PCS/PCI. */
  gasEurPerKWhPci: Rate;
  electricityKgPerKWh: Rate;
  electricityHeatingKgPerKWh: Rate;
  gasKgPerKWhPci: Rate;
}

function rate(factors: ImpactFactors, key: FactorKey, override: number | undefined, inputKey: string): Rate {
  if (override === undefined)
    return { value: factorRange(factors, key), assumptions: [factorAssumption(factors, key)] };
  const f = factors.factors[key];
  return { value: exact(override), assumptions: [inputAssumption(inputKey, f.label, override, f.unit)] };
}

/** Only the caller's own prices and factors matter here (the kit's footprint alone needs none). */
export function resolveRates(
  input: Pick<TerritoryInput, 'prices' | 'emissionFactors'>,
  factors: ImpactFactors,
): Rates {
  const gasPcs = rate(factors, 'gasPrice', input.prices.gasEurPerKWhPcs, 'input.prices.gasEurPerKWhPcs');
  const ratio = factorRange(factors, 'gasPcsPerPci');
  const gasPci = multiply(gasPcs.value, ratio);
  return {
    electricityEurPerKWh: rate(
      factors,
      'electricityPrice',
      input.prices.electricityEurPerKWh,
      'input.prices.electricityEurPerKWh',
    ),
    gasEurPerKWhPci: {
      value: gasPci,
      assumptions: [
        ...gasPcs.assumptions,
        factorAssumption(factors, 'gasPcsPerPci'),
        rangeAssumption(
          'model.gasEurPerKWhPci',
          { fr: 'Prix du gaz ramené au kWh PCI', en: 'Gas price per kWh LHV' },
          gasPci,
          'EUR/kWh PCI',
          { source: 'prix PCS × rapport PCS/PCI', year: null, certainty: 'model' },
        ),
      ],
    },
    electricityKgPerKWh: rate(
      factors,
      'electricityEmission',
      input.emissionFactors.electricityKgPerKWh,
      'input.emissionFactors.electricityKgPerKWh',
    ),
    electricityHeatingKgPerKWh: rate(
      factors,
      'electricityHeatingEmission',
      input.emissionFactors.electricityHeatingKgPerKWh,
      'input.emissionFactors.electricityHeatingKgPerKWh',
    ),
    gasKgPerKWhPci: rate(
      factors,
      'gasEmission',
      input.emissionFactors.gasKgPerKWhPci,
      'input.emissionFactors.gasKgPerKWhPci',
    ),
  };
}

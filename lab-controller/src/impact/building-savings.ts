/**
 * Annual heating energy saved by a building scenario extrapolated to a floor area
 * (hardware/impact/README.md §4):
 *
 *   saved kWh = area (m²) × heating intensity (kWh/m²/year) × saved fraction (measured by the run
 *               against its baseline under the same weather, baseline.ts)
 *
 * Gas is counted in kWh PCI (as the DPE does), priced per kWh PCS (as it is billed) through the
 * PCS/PCI ratio; electric heating uses the seasonal heating emission factor, not the annual mean.
 */
import { inputAssumption, type Assumption } from './assumption.ts';
import type { BuildingInput } from './input-schema.ts';
import { exact, multiply, type Range } from './range.ts';
import type { Rates } from './rates.ts';

export interface BuildingSavings {
  savedKWh: Range;
  eur: Range;
  kgCO2e: Range;
  assumptions: Assumption[];
}

export function buildingSavings(input: BuildingInput, rates: Rates): BuildingSavings {
  const savedKWh = exact(input.floorAreaM2 * input.heatingKWhPerM2Year * input.savedFraction);
  const price = input.energy === 'gas' ? rates.gasEurPerKWhPci : rates.electricityEurPerKWh;
  const emission = input.energy === 'gas' ? rates.gasKgPerKWhPci : rates.electricityHeatingKgPerKWh;
  return {
    savedKWh,
    eur: multiply(savedKWh, price.value),
    kgCO2e: multiply(savedKWh, emission.value),
    assumptions: [
      inputAssumption(
        'input.building.floorAreaM2',
        { fr: 'Surface chauffée', en: 'Heated floor area' },
        input.floorAreaM2,
        'm²',
      ),
      inputAssumption(
        'input.building.heatingKWhPerM2Year',
        { fr: 'Consommation de chauffage (énergie finale)', en: 'Heating energy intensity (final energy)' },
        input.heatingKWhPerM2Year,
        'kWh/m²/an',
      ),
      inputAssumption(
        'input.building.energy',
        { fr: 'Énergie de chauffage', en: 'Heating energy' },
        input.energy === 'gas' ? 'gaz naturel / natural gas' : 'électricité / electricity',
        '',
      ),
      inputAssumption(
        'input.building.savedFraction',
        { fr: 'Part économisée mesurée par le scénario', en: 'Share saved, measured by the scenario' },
        input.savedFraction,
        '',
      ),
      ...price.assumptions,
      ...emission.assumptions,
    ],
  };
}

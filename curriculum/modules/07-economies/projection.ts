/**
 * Module 7: what a dimming level saves over a year, projected with Phare's impact model
 * (lab-controller/src/impact, hardware/impact/README.md). An example for apprentices, run by the
 * lesson test: `npx tsx curriculum/modules/07-economies/projection.ts --luminaires 12 --puissance 60 --gradation 0.5`.
 */
import { parseArgs } from 'node:util';
import { valueOrThrow } from '@phare/lab-controller/config/problem.ts';
import { loadImpactFactors } from '@phare/lab-controller/impact/load-factors.ts';
import { projectTerritory } from '@phare/lab-controller/impact/project-territory.ts';
import type { Range } from '@phare/lab-controller/impact/range.ts';

const { values } = parseArgs({
  options: {
    luminaires: { type: 'string', default: '12' },
    puissance: { type: 'string', default: '60' },
    gradation: { type: 'string', default: '0.5' },
    latitude: { type: 'string', default: '45.76' },
  },
});

const factors = valueOrThrow(loadImpactFactors());
const projection = projectTerritory(
  {
    lighting: {
      luminaireCount: Number(values.luminaires),
      luminaireWattageW: Number(values.puissance),
      latitudeDeg: Number(values.latitude),
      dimming: { average: Number(values.gradation) },
    },
  },
  factors,
);

const fr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const show = (r: Range, unit: string): string =>
  `${fr.format(r.central)} ${unit} (de ${fr.format(r.low)} à ${fr.format(r.high)})`;
const lighting = projection.breakdown.lighting!;
process.stdout.write(
  [
    `Éclairage allumé : ${show(lighting.hoursPerYear, 'h/an')}`,
    `Référence à 100 % : ${show(lighting.baselineKWh, 'kWh/an')}`,
    `Avec la gradation : ${show(lighting.scenarioKWh, 'kWh/an')}`,
    `Économie : ${show(projection.annual.kWh, 'kWh/an')}, ${show(projection.annual.eur, '€/an')}, ${show(projection.annual.kgCO2e, 'kgCO2e/an')}`,
  ].join('\n') + '\n',
);

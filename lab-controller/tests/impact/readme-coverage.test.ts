import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config/paths.ts';
import { EQUIPMENT_KINDS, FACTOR_KEYS } from '../../src/impact/factors-schema.ts';
import { projectTerritory } from '../../src/impact/project-territory.ts';
import { shippedFactors } from './factors-fixture.ts';

const readme = readFileSync(resolve(repoRoot, 'hardware/impact/README.md'), 'utf8');

describe('hardware/impact/README.md', () => {
  it('names every factor and every kind of equipment of the factors file', () => {
    for (const key of [...FACTOR_KEYS, ...EQUIPMENT_KINDS]) expect(readme).toContain(`\`${key}\``);
  });

  it('states the worked example that the model computes', () => {
    // The README's example: 1 200 × 100 W × 4 100 h at 60 % → 196 800 kWh, 39 360 €, 10 233,6 kg.
    const result = projectTerritory(
      {
        lighting: {
          luminaireCount: 1200,
          luminaireWattageW: 100,
          latitudeDeg: 45.76,
          dimming: { average: 0.6 },
          operatingHours: { fixedHoursPerYear: 4100 },
        },
        prices: { electricityEurPerKWh: 0.2 },
        emissionFactors: { electricityKgPerKWh: 0.052 },
      },
      shippedFactors(),
    );
    const fr = (n: number): string => n.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ');
    expect(readme).toContain(`économie ${fr(result.annual.kWh.central)} kWh`);
    expect(readme).toContain(`${fr(result.annual.eur.central)} €`);
    expect(readme).toContain(`${fr(result.annual.kgCO2e.central)} kg`);
  });
});

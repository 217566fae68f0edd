import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import { parseTerritoryInput, type InputIssue } from '../../src/impact/input-issues.ts';
import { projectTerritory } from '../../src/impact/project-territory.ts';
import { shippedFactors } from './factors-fixture.ts';

const lighting = {
  luminaireCount: 100,
  luminaireWattageW: 60,
  latitudeDeg: 45.76,
  dimming: { average: 0.5 },
};

function issuesOf(input: unknown): InputIssue[] {
  const result = parseTerritoryInput(input);
  if (result.ok) throw new Error('expected the input to be refused');
  return result.issues;
}

describe('validation of the projection input', () => {
  it('refuses zero luminaires and says to leave out the lighting section instead', () => {
    const [issue, ...rest] = issuesOf({ lighting: { ...lighting, luminaireCount: 0 } });
    expect(rest).toEqual([]);
    expect(issue!.field).toBe('lighting.luminaireCount');
    expect(issue!.fr).toBe(
      'Nombre de luminaires (lighting.luminaireCount) : 0 est hors de la plage acceptée [1 ; 1000000] ; il faut au moins 1 luminaire ; pour un projet sans éclairage, retirez la section « lighting »',
    );
    expect(issue!.en).toContain('at least 1 luminaire is needed');
  });

  it('refuses an absurd electricity price, naming the field and the accepted range', () => {
    const [issue] = issuesOf({ lighting, prices: { electricityEurPerKWh: 12 } });
    expect(issue).toEqual({
      field: 'prices.electricityEurPerKWh',
      fr: "Prix de l'électricité (prices.electricityEurPerKWh) : 12 €/kWh est hors de la plage acceptée ]0 ; 10] €/kWh ; en euros par kWh TTC : 0,22 et non 22",
      en: 'Electricity price (prices.electricityEurPerKWh): 12 €/kWh is outside the accepted range ]0, 10] €/kWh; in euros per kWh incl. taxes: 0.22, not 22',
    });
  });

  it('refuses negative inputs wherever they are', () => {
    const issues = issuesOf({
      lighting: { ...lighting, luminaireWattageW: -60 },
      building: { floorAreaM2: -5, heatingKWhPerM2Year: 100, energy: 'gas', savedFraction: 0.1 },
      digitalKit: [{ kind: 'gateway', count: 1, powerW: -2 }],
      investment: { perLuminaireEur: -1 },
    });
    expect(issues.map((i) => i.field).sort()).toEqual(
      [
        'building.floorAreaM2',
        'digitalKit.0.powerW',
        'investment.perLuminaireEur',
        'lighting.luminaireWattageW',
      ].sort(),
    );
    expect(issues.find((i) => i.field === 'digitalKit.0.powerW')!.fr).toContain(
      '-2 W est hors de la plage acceptée [0 ; 100000] W',
    );
  });

  it('refuses a saved fraction given as a percentage', () => {
    const [issue] = issuesOf({
      building: { floorAreaM2: 100, heatingKWhPerM2Year: 100, energy: 'gas', savedFraction: 18 },
    });
    expect(issue!.fr).toContain('0,18 pour 18 %');
  });

  it('refuses a latitude outside metropolitan France', () => {
    const [issue] = issuesOf({ lighting: { ...lighting, latitudeDeg: 0.8 } });
    expect(issue!.fr).toContain('[41 ; 51,5] °');
    expect(issue!.en).toContain('metropolitan France');
  });

  it('refuses a projection with nothing to save', () => {
    expect(issuesOf({})).toEqual([
      {
        field: '(racine / root)',
        fr: 'Rien à projeter : donnez au moins une section « lighting » (éclairage) ou « building » (bâtiment)',
        en: 'Nothing to project: give at least a "lighting" or a "building" section',
      },
    ]);
  });

  it('refuses an hourly profile that is not 24 values, and a fraction above 1 in it', () => {
    expect(issuesOf({ lighting: { ...lighting, dimming: { hourly: [1, 1] } } })[0]!.fr).toContain(
      'exactement 24 éléments attendus, reçu 2',
    );
    const hourly = Array.from({ length: 24 }, () => 1);
    hourly[3] = 1.5;
    const [issue] = issuesOf({ lighting: { ...lighting, dimming: { hourly } } });
    expect(issue!.field).toBe('lighting.dimming.hourly.3');
    expect(issue!.fr).toContain('1,5 est hors de la plage acceptée [0 ; 1]');
  });

  it('names unknown fields, unknown equipment and wrong types', () => {
    const issues = issuesOf({
      lighting: { ...lighting, luminaireCount: '100' },
      digitalKit: [{ kind: 'toaster', count: 1 }],
      colour: 'blue',
    });
    expect(issues.find((i) => i.field === 'colour')!.fr).toBe('Champ inconnu « colour »');
    expect(issues.find((i) => i.field === 'digitalKit.0.kind')!.en).toContain(
      'accepted values: gateway, controller',
    );
    expect(issues.find((i) => i.field === 'lighting.luminaireCount')!.en).toBe(
      'Number of luminaires (lighting.luminaireCount): expected a number, got "100"',
    );
  });

  it('requires exactly one of count and perLuminaire, and lighting for perLuminaire', () => {
    expect(issuesOf({ lighting, digitalKit: [{ kind: 'gateway' }] })[0]!.field).toBe('digitalKit.0');
    const [issue] = issuesOf({
      building: { floorAreaM2: 100, heatingKWhPerM2Year: 100, energy: 'gas', savedFraction: 0.1 },
      digitalKit: [{ kind: 'gateway', perLuminaire: 0.02 }],
    });
    expect(issue!.field).toBe('digitalKit.0.perLuminaire');
    expect(issue!.fr).toContain('demande une section « lighting »');
  });

  it('makes projectTerritory throw OutOfRange with the issues in its detail', () => {
    const factors = shippedFactors();
    let caught: unknown;
    try {
      projectTerritory({ lighting: { ...lighting, luminaireCount: 0 } }, factors);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutOfRange);
    const error = caught as OutOfRange;
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('Nombre de luminaires (lighting.luminaireCount)');
    expect((error.detail?.['issues'] as InputIssue[])[0]!.field).toBe('lighting.luminaireCount');
  });

  it('accepts the smallest valid input and fills the defaults', () => {
    const result = parseTerritoryInput({ lighting });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.lighting!.longitudeDeg).toBe(2.5);
    expect(result.value.lighting!.operatingHours).toBe('astronomical');
    expect(result.value.digitalKit).toEqual([]);
    expect(result.value.investment).toEqual({ perLuminaireEur: 0, fixedEur: 0 });
  });
});

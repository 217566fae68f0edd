import { describe, expect, it } from 'vitest';
import { darknessCalendar } from '../../src/impact/darkness.ts';
import { projectTerritory, type TerritoryProjection } from '../../src/impact/project-territory.ts';
import type { Range } from '../../src/impact/range.ts';
import { shippedFactors } from './factors-fixture.ts';

const factors = shippedFactors();
const f = factors.factors;

/** 1 200 luminaires of 100 W, 4 100 h/year, dimmed to 60 % of full power on average. */
const lightingCase = {
  luminaireCount: 1200,
  luminaireWattageW: 100,
  latitudeDeg: 45.76,
  dimming: { average: 0.6 },
  operatingHours: { fixedHoursPerYear: 4100 },
};

function expectRange(actual: Range, expected: Range, digits = 6): void {
  expect(actual.low).toBeCloseTo(expected.low, digits);
  expect(actual.central).toBeCloseTo(expected.central, digits);
  expect(actual.high).toBeCloseTo(expected.high, digits);
}

describe('territory extrapolation of a lighting scenario', () => {
  it('saves 196 800 kWh, 39 360 € and 10,2 t CO2e a year for 1 200 luminaires × 100 W × 4 100 h at 60 %', () => {
    // baseline = 1 200 × 100 W × 4 100 h = 492 000 000 Wh = 492 000 kWh
    // scenario = 492 000 kWh × 0,60 = 295 200 kWh
    // saved    = 492 000 − 295 200 = 196 800 kWh
    // €        = 196 800 kWh × 0,20 €/kWh = 39 360 €
    // CO2e     = 196 800 kWh × 0,052 kg/kWh = 10 233,6 kg = 10,23 t
    const result = projectTerritory(
      {
        lighting: lightingCase,
        prices: { electricityEurPerKWh: 0.2 },
        emissionFactors: { electricityKgPerKWh: 0.052 },
      },
      factors,
    );
    expectRange(result.breakdown.lighting!.baselineKWh, { low: 492_000, central: 492_000, high: 492_000 });
    expectRange(result.breakdown.lighting!.scenarioKWh, { low: 295_200, central: 295_200, high: 295_200 });
    expectRange(result.annual.kWh, { low: 196_800, central: 196_800, high: 196_800 });
    expectRange(result.annual.eur, { low: 39_360, central: 39_360, high: 39_360 });
    expectRange(result.annual.kgCO2e, { low: 10_233.6, central: 10_233.6, high: 10_233.6 });
  });

  it('carries the factors file ranges of price and emission factor to € and CO2e', () => {
    // Same 196 800 kWh; € = 196 800 × price (low/central/high), CO2e = 196 800 × factor.
    const result = projectTerritory({ lighting: lightingCase }, factors);
    const saved = 196_800;
    expectRange(result.annual.eur, {
      low: saved * f.electricityPrice.low,
      central: saved * f.electricityPrice.central,
      high: saved * f.electricityPrice.high,
    });
    expectRange(result.annual.kgCO2e, {
      low: saved * f.electricityEmission.low,
      central: saved * f.electricityEmission.central,
      high: saved * f.electricityEmission.high,
    });
  });

  it('counts a retrofit: 150 W luminaires replaced by 100 W at 60 %', () => {
    // baseline = 1 200 × 150 W × 4 100 h = 738 000 kWh; scenario = 295 200 kWh; saved 442 800 kWh.
    const result = projectTerritory({ lighting: { ...lightingCase, baselineWattageW: 150 } }, factors);
    expect(result.annual.kWh.central).toBeCloseTo(442_800, 6);
  });

  it('gives the same saving for a flat hourly profile at 60 % as for a 60 % average', () => {
    const base = { ...lightingCase, operatingHours: 'astronomical' as const };
    const flat = projectTerritory(
      { lighting: { ...base, dimming: { hourly: Array.from({ length: 24 }, () => 0.6) } } },
      factors,
    );
    const average = projectTerritory({ lighting: base }, factors);
    expectRange(flat.annual.kWh, average.annual.kWh, 6);
  });

  it('weights an hourly profile by the dark hours of each clock hour at the latitude', () => {
    // 100 % until 22:00, 50 % from 22:00 to 06:00. With D_h the yearly dark hours in clock hour h:
    // f = 1 − 0,5 × Σ_{h in 22..5} D_h / Σ_h D_h, and saved = N × P × H × (1 − f).
    const hourly = Array.from({ length: 24 }, (_, h) => (h >= 22 || h < 6 ? 0.5 : 1));
    const result = projectTerritory(
      { lighting: { ...lightingCase, operatingHours: 'astronomical', dimming: { hourly } } },
      factors,
    );
    const calendar = darknessCalendar({
      latitudeDeg: 45.76,
      longitudeDeg: 2.5,
      year: 2025,
      switchAltitudeDeg: f.switchSunAltitude.central,
    });
    const lateHours = [22, 23, 0, 1, 2, 3, 4, 5].reduce((sum, h) => sum + calendar.hoursByClockHour[h]!, 0);
    const fraction = 1 - (0.5 * lateHours) / calendar.annualHours;
    expect(result.breakdown.lighting!.meanFraction.central).toBeCloseTo(fraction, 9);
    expect(result.annual.kWh.central).toBeCloseTo(
      (1200 * 100 * calendar.annualHours * (1 - fraction)) / 1000,
      6,
    );
    // 8 of the ~11 dark hours of an average night are dimmed: f lies between 0,6 and 0,7.
    expect(fraction).toBeGreaterThan(0.6);
    expect(fraction).toBeLessThan(0.7);
  });

  it('uses the reference 4 100 h/year and its range when asked', () => {
    // saved = 1 200 × 100 W × H × 0,4: 3 900 h → 187 200; 4 100 h → 196 800; 4 300 h → 206 400 kWh.
    const result = projectTerritory({ lighting: { ...lightingCase, operatingHours: 'reference' } }, factors);
    const saved = (hours: number): number => (1200 * 100 * hours * 0.4) / 1000;
    expectRange(result.annual.kWh, {
      low: saved(f.lightingHoursPerYear.low),
      central: saved(f.lightingHoursPerYear.central),
      high: saved(f.lightingHoursPerYear.high),
    });
  });
});

describe('territory extrapolation of a building scenario', () => {
  it('saves 270 000 kWh PCI of gas for 10 000 m² at 150 kWh/m²/year and 18 % saved', () => {
    // saved kWh PCI = 10 000 m² × 150 kWh/m² × 0,18 = 270 000 kWh
    // €      = 270 000 × PCS/PCI × price per kWh PCS = 270 000 × 1,11 × 0,09 = 26 973 € (central)
    // CO2e   = 270 000 × 0,227 = 61 290 kg (central)
    const result = projectTerritory(
      {
        building: { floorAreaM2: 10_000, heatingKWhPerM2Year: 150, energy: 'gas', savedFraction: 0.18 },
        prices: { gasEurPerKWhPcs: 0.09 },
      },
      factors,
    );
    expect(result.annual.kWh.central).toBeCloseTo(270_000, 6);
    expect(result.annual.eur.central).toBeCloseTo(270_000 * f.gasPcsPerPci.central * 0.09, 6);
    expect(result.annual.eur.low).toBeCloseTo(270_000 * f.gasPcsPerPci.low * 0.09, 6);
    expect(result.annual.kgCO2e.central).toBeCloseTo(270_000 * f.gasEmission.central, 6);
    expect(result.breakdown.lighting).toBeNull();
  });

  it('prices electric heating with the seasonal heating emission factor', () => {
    // 2 000 m² × 100 kWh/m² × 0,10 = 20 000 kWh; CO2e = 20 000 × heating factor.
    const result = projectTerritory(
      {
        building: { floorAreaM2: 2000, heatingKWhPerM2Year: 100, energy: 'electricity', savedFraction: 0.1 },
      },
      factors,
    );
    expect(result.annual.kgCO2e.central).toBeCloseTo(20_000 * f.electricityHeatingEmission.central, 6);
    expect(result.assumptions.map((a) => a.key)).toContain('factors.electricityHeatingEmission');
  });
});

describe('digital footprint and net benefit', () => {
  // 24 gateways with their own profile figures: 30 kgCO2e to make, 10 years, 5 W all year.
  const kit = [
    { kind: 'gateway', count: 24, embodiedKgCO2e: 30, lifetimeYears: 10, powerW: 5, hoursPerYear: 8760 },
  ];
  const input = {
    lighting: lightingCase,
    digitalKit: kit,
    prices: { electricityEurPerKWh: 0.2 },
    emissionFactors: { electricityKgPerKWh: 0.05 },
    investment: { perLuminaireEur: 150 },
  };

  it('amortises manufacture over the lifetime and adds the electricity the kit draws', () => {
    // embodied / year = 24 × 30 kg / 10 years = 72 kg
    // use             = 24 × 5 W × 8 760 h = 1 051,2 kWh → × 0,05 = 52,56 kg ; × 0,20 € = 210,24 €
    // footprint       = 72 + 52,56 = 124,56 kgCO2e / year
    const result = projectTerritory(input, factors);
    expect(result.footprint.embodiedKgCO2e.central).toBeCloseTo(72, 9);
    expect(result.footprint.kWh.central).toBeCloseTo(1051.2, 9);
    expect(result.footprint.useKgCO2e.central).toBeCloseTo(52.56, 9);
    expect(result.footprint.eur.central).toBeCloseTo(210.24, 9);
    expect(result.footprint.kgCO2e.central).toBeCloseTo(124.56, 9);
    expect(result.footprint.items).toEqual([expect.objectContaining({ kind: 'gateway', count: 24 })]);
  });

  it('subtracts the footprint from the savings and computes the payback of 150 € per luminaire', () => {
    // savings: 196 800 kWh, 39 360 €, 196 800 × 0,05 = 9 840 kg
    // net:     195 748,8 kWh, 39 149,76 €, 9 840 − 124,56 = 9 715,44 kg
    // payback = 1 200 × 150 € / 39 149,76 €/year = 180 000 / 39 149,76 = 4,598 years
    const result = projectTerritory(input, factors);
    expect(result.net.kWh.central).toBeCloseTo(195_748.8, 6);
    expect(result.net.eur.central).toBeCloseTo(39_149.76, 6);
    expect(result.net.kgCO2e.central).toBeCloseTo(9_715.44, 6);
    expect(result.investmentEur).toBe(180_000);
    expect(result.paybackYears.central).toBeCloseTo(180_000 / 39_149.76, 9);
    expect(result.paybackYears.central).toBeCloseTo(4.598, 3);
  });

  it('draws the cumulative series over the kit lifetime, with manufacture emitted at purchase and renewal', () => {
    // year 0: −180 000 €, −24 × 30 = −720 kg (the carbon debt of the kit)
    // year 1: −180 000 + 39 149,76 = −140 850,24 €; 9 840 − 52,56 − 720 = 9 067,44 kg
    // year 11 (horizon 12): gateways renewed at year 10 → 11 × 9 787,44 − 2 × 720 = 106 221,84 kg
    const result = projectTerritory({ ...input, horizonYears: 12 }, factors);
    const series = result.lifetimeSeries;
    expect(series).toHaveLength(13);
    expect(series[0]).toMatchObject({ year: 0, cumulativeNetEur: -180_000 });
    expect(series[0]!.cumulativeNetKgCO2e).toBeCloseTo(-720, 9);
    expect(series[1]!.cumulativeNetEur).toBeCloseTo(-140_850.24, 6);
    expect(series[1]!.cumulativeNetKgCO2e).toBeCloseTo(9_067.44, 6);
    expect(series[10]!.cumulativeNetKgCO2e).toBeCloseTo(10 * 9_787.44 - 720, 6);
    expect(series[11]!.cumulativeNetKgCO2e).toBeCloseTo(11 * 9_787.44 - 1440, 6);
  });

  it('defaults the horizon to the longest central lifetime in the kit', () => {
    const result = projectTerritory(
      {
        lighting: lightingCase,
        digitalKit: [
          { kind: 'luminaireNode', perLuminaire: 1 },
          { kind: 'tablet', count: 2 },
        ],
      },
      factors,
    );
    expect(result.horizonYears).toBe(Math.ceil(factors.equipment.luminaireNode.lifetimeYears.central));
    expect(result.footprint.items.map((i) => i.count)).toEqual([1200, 2]);
  });

  it('rounds a per-luminaire ratio up: 1 201 luminaires at 1 gateway per 50 need 25 gateways', () => {
    const result = projectTerritory(
      {
        lighting: { ...lightingCase, luminaireCount: 1201 },
        digitalKit: [{ kind: 'gateway', perLuminaire: 0.02 }],
      },
      factors,
    );
    expect(result.footprint.items[0]!.count).toBe(25);
  });

  it('says "never paid back" (null) when the kit costs more than the scenario saves', () => {
    // No saving (0 %) but a screen drawing electricity: net € < 0 at every bound.
    const result = projectTerritory(
      {
        building: { floorAreaM2: 100, heatingKWhPerM2Year: 100, energy: 'gas', savedFraction: 0 },
        digitalKit: [{ kind: 'screen', count: 1 }],
        investment: { fixedEur: 5000 },
      },
      factors,
    );
    expect(result.net.eur.high).toBeLessThan(0);
    expect(result.paybackYears).toEqual({ low: null, central: null, high: null });
  });
});

describe('what every projection carries', () => {
  const full = (): TerritoryProjection =>
    projectTerritory(
      {
        lighting: {
          ...lightingCase,
          operatingHours: 'astronomical',
          dimming: {
            hourly: Array.from({ length: 24 }, (_, h) =>
              h >= 23 || h < 5 ? 0.3 : h >= 18 || h < 7 ? 1 : null,
            ),
          },
        },
        building: { floorAreaM2: 5000, heatingKWhPerM2Year: 120, energy: 'gas', savedFraction: 0.15 },
        digitalKit: [
          { kind: 'luminaireNode', perLuminaire: 1 },
          { kind: 'gateway', perLuminaire: 0.02 },
          { kind: 'controller', count: 1 },
          { kind: 'networkSwitch', count: 1 },
          { kind: 'screen', count: 1 },
          { kind: 'tablet', count: 2 },
          { kind: 'sensor', count: 10 },
        ],
        investment: { perLuminaireEur: 120, fixedEur: 20_000 },
      },
      factors,
    );

  it('keeps low <= central <= high in every range it returns', () => {
    const ranges: Range[] = [];
    const walk = (value: unknown): void => {
      if (value && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        if (typeof o['low'] === 'number' && typeof o['central'] === 'number' && typeof o['high'] === 'number')
          ranges.push(o as unknown as Range);
        Object.values(o).forEach(walk);
      }
    };
    const result = full();
    walk({ ...result, paybackYears: undefined });
    expect(ranges.length).toBeGreaterThan(20);
    for (const r of ranges) {
      expect(r.low).toBeLessThanOrEqual(r.central + 1e-9);
      expect(r.central).toBeLessThanOrEqual(r.high + 1e-9);
    }
    const p = result.paybackYears;
    expect(p.low! <= p.central! && p.central! <= p.high!).toBe(true);
  });

  it('lists every assumption once, each with a French label, a unit and a source', () => {
    const { assumptions } = full();
    const keys = assumptions.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const a of assumptions) {
      expect(a.label.fr.length).toBeGreaterThan(0);
      expect(a.label.en.length).toBeGreaterThan(0);
      expect(a.source.length).toBeGreaterThan(0);
      expect(typeof a.unit).toBe('string');
    }
    for (const key of [
      'factors.electricityPrice',
      'factors.electricityEmission',
      'factors.gasEmission',
      'factors.gasPrice',
      'factors.switchSunAltitude',
      'equipment.luminaireNode.embodiedKgCO2e',
      'model.lighting.unmeasuredHoursAtFullPower',
    ])
      expect(keys).toContain(key);
    const price = assumptions.find((a) => a.key === 'factors.electricityPrice')!;
    expect(price).toMatchObject({
      value: f.electricityPrice.central,
      range: { low: f.electricityPrice.low, high: f.electricityPrice.high },
      year: f.electricityPrice.year,
    });
  });

  it('is plain data that survives JSON, for the API', () => {
    const result = full();
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

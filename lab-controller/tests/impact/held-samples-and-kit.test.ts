import { describe, expect, it } from 'vitest';
import type { HistorySample } from '../../src/api/wire.ts';
import { integrateEnergy } from '../../src/impact/energy-integration.ts';
import { counterDelta, heldPowerSamples } from '../../src/impact/held-samples.ts';
import { demonstratorKit, kitFootprint, territoryKit } from '../../src/impact/kit-from-site.ts';
import { shippedFactors } from './factors-fixture.ts';

const MINUTE = 60_000;
const good = (ts: number, value: number): HistorySample => ({ ts, value, quality: 'good' });
/** Every held step is real: no step is a hole (as measure-lab-energy.ts integrates). */
const held = (span: number) => ({ sampleIntervalMs: span, maxGapFactor: 1 });

describe('energy of a change-only history (the recorder stores a sample on each change)', () => {
  it('holds each level until the next change: 60 W at 100 % for 30 min then 30 % for 30 min', () => {
    // 60 W × 0,5 h + 18 W × 0,5 h = 30 + 9 = 39 Wh, with one sample before the window and one change.
    const window = { from: 0, to: 60 * MINUTE };
    const samples = heldPowerSamples([good(30 * MINUTE, 30)], window, (l) => (l / 100) * 60, good(-5, 100));
    const energy = integrateEnergy(samples, held(60 * MINUTE));
    expect(energy.kWh * 1000).toBeCloseTo(39, 9);
    expect(energy.coveredMs).toBe(60 * MINUTE);
  });

  it('counts nothing while the level is unknown (offline), and says so as a gap', () => {
    // 100 W known for 20 min, offline 20 min, 50 W for 20 min: 33,3 + 16,7 = 50 Wh over 40 min.
    const window = { from: 0, to: 60 * MINUTE };
    const history: HistorySample[] = [
      { ts: 20 * MINUTE, value: null, quality: 'offline' },
      good(40 * MINUTE, 50),
    ];
    const energy = integrateEnergy(
      heldPowerSamples(history, window, (w) => w, good(-1, 100)),
      held(60 * MINUTE),
    );
    expect(energy.kWh * 1000).toBeCloseTo(50, 9);
    expect(energy.coveredMs).toBe(40 * MINUTE);
    expect(energy.gaps).toEqual([
      { fromTs: 20 * MINUTE, toTs: 40 * MINUTE, durationMs: 20 * MINUTE, reason: 'no-value' },
    ]);
  });

  it('starts at the first sample when nothing was recorded before the window', () => {
    const window = { from: 0, to: 60 * MINUTE };
    const energy = integrateEnergy(
      heldPowerSamples([good(30 * MINUTE, 100)], window, (w) => w),
      held(60 * MINUTE),
    );
    expect(energy.kWh * 1000).toBeCloseTo(50, 9);
    expect(energy.coveredMs).toBe(30 * MINUTE);
  });

  it('reads a meter counter as last minus first, and refuses a counter that went backwards', () => {
    const window = { from: 0, to: 10 * MINUTE };
    expect(
      counterDelta([good(5 * MINUTE, 1002.5), good(10 * MINUTE, 1004)], window, good(-100, 1001)),
    ).toEqual({ delta: 3, fromTs: -100, toTs: 10 * MINUTE });
    expect(counterDelta([good(5 * MINUTE, 3), good(6 * MINUTE, 4)], window, good(-1, 1001))).toBeNull();
  });
});

describe('the digital kit counted from the site', () => {
  const devices = [
    {
      id: 'street',
      profile: 'hms/intesis-dali-modbus',
      kind: 'dali-gateway',
      footprint: {
        equipmentKind: 'gateway' as const,
        embodiedKgCO2e: 25,
        lifetimeYears: 10,
        powerW: 3,
        source: 'estimate for the test',
        year: 2025,
      },
    },
    { id: 'park', profile: 'bacmove/dalion-modbus-tcp', kind: 'dali-gateway' },
    { id: 'river', profile: 'campbell/cs451', kind: 'serial-sensor' },
    { id: 'basin', profile: 'maxbotix/hrxl-maxsonar-wr', kind: 'serial-sensor' },
  ];

  it('counts each profile once with its devices, with the profile footprint when it has one', () => {
    const lines = demonstratorKit(devices);
    expect(lines.filter((l) => l.origin === 'site').map((l) => [l.item, l.devices])).toEqual([
      [{ kind: 'gateway', count: 1, embodiedKgCO2e: 25, lifetimeYears: 10, powerW: 3 }, ['street']],
      [{ kind: 'gateway', count: 1 }, ['park']],
      [{ kind: 'sensor', count: 1 }, ['river']],
      [{ kind: 'sensor', count: 1 }, ['basin']],
    ]);
    expect(lines.filter((l) => l.origin === 'infrastructure').map((l) => l.item.kind)).toEqual([
      'controller',
      'networkSwitch',
      'screen',
      'tablet',
    ]);
  });

  it("costs the profile's exact figures: 3 W day and night, 25 kgCO2e over 10 years", () => {
    // Use: 3 W × 8 760 h = 26,28 kWh/year. Manufacture amortised: 25 / 10 = 2,5 kgCO2e/year.
    const footprint = kitFootprint(demonstratorKit(devices).slice(0, 1), shippedFactors());
    expect(footprint.kWh).toEqual({ low: 26.28, central: 26.28, high: 26.28 });
    expect(footprint.embodiedKgCO2e.central).toBeCloseTo(2.5, 12);
    expect(footprint.assumptions.some((a) => a.source.includes('profil'))).toBe(true);
  });

  it("scales the territory kit on its luminaires and takes the site's gateway figures", () => {
    const lines = territoryKit(devices);
    const gateway = lines.find((l) => l.item.kind === 'gateway')!;
    expect(gateway.item).toMatchObject({ perLuminaire: 0.02, powerW: 3, embodiedKgCO2e: 25 });
    // 1 200 luminaires: 1 200 nodes, 24 gateways, 1 controller.
    const footprint = kitFootprint(lines, shippedFactors(), 1200);
    expect(footprint.items.map((i) => [i.item.kind, i.item.count])).toEqual([
      ['luminaireNode', 1200],
      ['gateway', 24],
      ['controller', 1],
    ]);
  });
});

/**
 * The building and territory showcases against the demo site's simulators: a week's weather played
 * twice at a very high speed, and a whole day of the four workstreams. Every verdict must pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLibrary } from '../../src/scenario/library.ts';
import { runToEnd, startScenarioRig, type ScenarioRig } from './rig.ts';

const file = (id: string): string => listLibrary().find((e) => e.id === id)!.file;

describe('building and territory showcases against the simulators', () => {
  let rig: ScenarioRig;
  beforeAll(async () => {
    rig = await startScenarioRig();
  }, 60_000);
  afterAll(async () => {
    await rig.close();
  });

  it('renovation-before-after: the same cold week uses far less electricity after the renovation, at the same comfort', async () => {
    const result = await runToEnd(rig, file('renovation-before-after'), { speed: 40_320 });
    expect(result.reason).toBeNull();
    expect(result.verdicts.map((v) => [v.step, v.ok])).toEqual([
      ['warm-before', true],
      ['warm-after', true],
      ['renovation-pays', true],
    ]);
    const captured = Object.fromEntries(
      result.timeline.filter((e) => e.kind === 'capture').map((e) => [e.step, e.value]),
    );
    const before = captured['week-before'] as number;
    const after = captured['week-after'] as number;
    // A week of the base load alone (2 kW × 168 h) is 336 kWh: heating comes on top in both weeks.
    expect(after).toBeGreaterThan(336);
    expect(before).toBeGreaterThan(after * 1.6);
    expect(captured['saving']).toBe(Math.round(100 * (1 - after / before)));
    // Two simulated weeks went by, at the same weather each week (7 nights and 7 days, twice).
    const weatherCalls = result.timeline.filter((e) => e.kind === 'stimulate' && !e.inFinally);
    expect(weatherCalls.length).toBe(2 + 2 * 14);
    const state = (await (await fetch(new URL('/state', rig.controlUrl('school')))).json()) as {
      renovated: boolean;
    };
    expect(state.renovated).toBe(false);
  }, 120_000);

  it('day-in-the-territory: 24 hours of lighting, water, climate and building pass every check', async () => {
    const startedAt = rig.clock.now();
    const result = await runToEnd(rig, file('day-in-the-territory'), { speed: 1920 });
    expect(result.reason).toBeNull();
    expect(result.verdicts.map((v) => [v.step, v.ok])).toEqual([
      ['street-off', true],
      ['classroom-warm', true],
      ['water-by-day', true],
      ['basin-fills', true],
      ['river-yellow', true],
      ['school-in-eco', true],
      ['street-lit', true],
      ['street-dimmed', true],
      ['river-back-to-green', true],
    ]);
    // A whole simulated day went by (the run started at the next 06:00 UTC).
    expect(rig.clock.now() - startedAt).toBeGreaterThan(23 * 3_600_000);
    expect(rig.clock.speed).toBe(1);
  }, 120_000);
});

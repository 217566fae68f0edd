/**
 * The water and climate showcases against the demo site's simulators (Modbus RTU and SDI-12 on ptys,
 * OPC-UA, DALI over Modbus TCP), on the simulated clock the simulators share with the engine. Each
 * runs faster than its show speed to keep the suite short; every verdict must pass and `finally`
 * must leave the simulators in their ordinary state (checked in the simulators' own models).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../src/bus/events.ts';
import { listLibrary } from '../../src/scenario/library.ts';
import type { RunResult } from '../../src/scenario/timeline.ts';
import { runToEnd, startScenarioRig, type ScenarioRig } from './rig.ts';

const file = (id: string): string => listLibrary().find((e) => e.id === id)!.file;

function verdictsOf(result: RunResult): [string, boolean][] {
  return result.verdicts.map((v) => [v.step, v.ok]);
}

async function simulatorState<T>(rig: ScenarioRig, device: string): Promise<T> {
  const res = await fetch(new URL('/state', rig.controlUrl(device)));
  return (await res.json()) as T;
}

describe('water and climate showcases against the simulators', () => {
  let rig: ScenarioRig;
  const alarms: AlarmEvent[] = [];
  beforeAll(async () => {
    rig = await startScenarioRig();
    rig.bus.on('alarm', (a) => alarms.push(a), 'library-test');
  }, 60_000);
  afterAll(async () => {
    await rig.close();
  });

  it('turbidity-alarm: a storm clouds the river past 50 NTU, the intake is alarmed, finally stops the rain', async () => {
    const result = await runToEnd(rig, file('turbidity-alarm'), { speed: 40 });
    expect(result.reason).toBeNull();
    expect(verdictsOf(result)).toEqual([
      ['clear-water', true],
      ['turbidity-over-threshold', true],
      ['rain-dilutes', true],
    ]);
    const over = result.verdicts.find((v) => v.step === 'turbidity-over-threshold')!;
    expect(over.observed['river-quality.turbidity']).toBeGreaterThanOrEqual(50);
    expect(alarms).toContainEqual(
      expect.objectContaining({ point: 'river-quality.turbidity', severity: 'critical' }),
    );
    const probe = await simulatorState<{ river: { rainMmPerHour: number } }>(rig, 'river-quality');
    expect(probe.river.rainMmPerHour).toBe(0);
  }, 60_000);

  it('leak-detection: the night flow never drops to zero, the leak is alarmed, repaired, and the night flow is zero again', async () => {
    const result = await runToEnd(rig, file('leak-detection'), { speed: 720 });
    expect(result.reason).toBeNull();
    expect(verdictsOf(result)).toEqual([
      ['night-flow-not-zero', true],
      ['night-flow-zero', true],
    ]);
    // The run skipped the simulated clock to 18:30 and waited for 21:00 (UTC, as the simulators count).
    const nightFlow = result.timeline.find((e) => e.step === 'night-volume')!;
    expect(nightFlow.value).toBeCloseTo(250, 0);
    expect(alarms).toContainEqual(
      expect.objectContaining({ point: 'school-water.flow', severity: 'warning' }),
    );
    const meter = await simulatorState<{ water: { leakLitresPerHour: number } }>(rig, 'school-water');
    expect(meter.water.leakLitresPerHour).toBe(0);
  }, 90_000);

  it('flood: the river climbs yellow, orange, red; the evacuation route lights up and the school is made safe', async () => {
    const events = rig.events.length;
    const result = await runToEnd(rig, file('flood'), { speed: 180 });
    expect(result.reason).toBeNull();
    expect(verdictsOf(result)).toEqual([
      ['street-at-night-level', true],
      ['vigilance-yellow', true],
      ['basin-filling', true],
      ['vigilance-orange', true],
      ['evacuation-route-lit', true],
      ['vigilance-red', true],
      ['heat-pump-stopped', true],
    ]);
    // The controller's own flood vigilance raised the levels, only upwards, up to red. (At ×180
    // the gauge is read every 15 simulated minutes: a level can be stepped over between readings.)
    const order = ['yellow', 'orange', 'red'];
    const levels = alarms
      .filter((a) => a.source === 'vigilance' && a.active !== false)
      .map((a) => order.indexOf(String(a.detail?.['level'])));
    expect(levels.at(-1)).toBe(2);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    // Narration reached the bus in French and English.
    const says = rig.events.slice(events).filter((e) => e.run === result.id && e.kind === 'say');
    expect(says.length).toBe(5);
    expect(
      says.every((e) => typeof e.detail?.['fr'] === 'string' && typeof e.detail['en'] === 'string'),
    ).toBe(true);
    // finally: the rain stopped on both simulators, the heat pump is back to comfort.
    const river = await simulatorState<{ river: { rainMmPerHour: number } }>(rig, 'river');
    expect(river.river.rainMmPerHour).toBe(0);
    const school = await simulatorState<{ heatPump: { mode: number } }>(rig, 'school');
    expect(school.heatPump.mode).toBe(2);
    expect(result.timeline.filter((e) => e.inFinally).every((e) => e.ok)).toBe(true);
  }, 90_000);

  it('heat-wave: the school stays under 27 °C on its base load and the street is lowered; finally restores winter', async () => {
    const result = await runToEnd(rig, file('heat-wave'), { speed: 1440 });
    expect(result.reason).toBeNull();
    expect(verdictsOf(result)).toEqual([
      ['hot-outside', true],
      ['base-load-only', true],
      ['street-at-reduced-level', true],
      ['classrooms-comfortable', true],
    ]);
    const comfort = result.verdicts.find((v) => v.step === 'classrooms-comfortable')!;
    for (const value of Object.values(comfort.observed)) expect(value).toBeLessThanOrEqual(27);
    // The classrooms did warm up: the comfort held through the afternoon, not at 10:00.
    expect(comfort.observed['school.zone1.temperature']).toBeGreaterThan(20);
    const school = await simulatorState<{ weather: { outdoorC: number }; heatPump: { mode: number } }>(
      rig,
      'school',
    );
    expect(school.weather.outdoorC).toBe(5);
    expect(school.heatPump.mode).toBe(2);
  }, 90_000);
});

/**
 * Every library scenario runs against the demo site's simulators (ephemeral ports, real Modbus TCP)
 * and passes all its verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../src/bus/events.ts';
import { listLibrary } from '../../src/scenario/library.ts';
import { settled } from './simulator.ts';
import { runToEnd, startScenarioRig, type ScenarioRig } from './rig.ts';

const file = (id: string): string => listLibrary().find((e) => e.id === id)!.file;

describe('scenario library against the simulators', () => {
  let rig: ScenarioRig;
  beforeAll(async () => {
    rig = await startScenarioRig();
  });
  afterAll(async () => {
    await rig.close();
  });

  it('night-dimming: the street dims to 30 %, lights group by group ahead of the passer-by, then dims back', async () => {
    const result = await runToEnd(rig, file('night-dimming'));
    expect(result.reason).toBeNull();
    expect(result.outcome).toBe('passed');
    expect(result.verdicts.map((v) => [v.step, v.ok])).toEqual([
      ['street-at-night-level', true],
      ['north-side-full', true],
      ['south-side-still-night', true],
      ['crossroads-full', true],
      ['north-side-night-again', true],
      ['crossroads-night-again', true],
    ]);
    // Every write is audited as the scenario's; the three group levels went as one request.
    const writes = rig.audit.recent(100).filter((a) => a.who === 'scenario:night-dimming');
    expect(writes.length).toBeGreaterThanOrEqual(8);
    expect(writes.every((a) => a.ok)).toBe(true);
    const first = writes.filter((a) => a.point.startsWith('street.group')).slice(-3);
    expect(new Set(first.map((a) => JSON.stringify(a.commands))).size).toBe(1);
    // The simulator ends in the night state (finally).
    const gear = await settled(rig.controlUrl('street'));
    for (const g of gear) expect(Math.abs(g.levelPercent - 30)).toBeLessThanOrEqual(3);
    expect(result.timeline.filter((e) => e.inFinally).map((e) => e.ok)).toEqual([true]);
  }, 90_000);

  it('lamp-failure: the failure is reported, placed and ticketed; finally repairs it and restores the level', async () => {
    const alarms: AlarmEvent[] = [];
    rig.bus.on('alarm', (a) => alarms.push(a), 'lamp-failure-test');
    try {
      const result = await runToEnd(rig, file('lamp-failure'));
      expect(result.reason).toBeNull();
      expect(result.outcome).toBe('passed');
      expect(result.verdicts.every((v) => v.ok)).toBe(true);
      expect(result.verdicts.find((v) => v.step === 'failure-reported')?.observed).toEqual({
        'street.lamp07.lampFailure': true,
      });
      expect(alarms).toEqual([
        expect.objectContaining({ point: 'street.lamp07.lampFailure', severity: 'warning' }),
      ]);
      expect(alarms[0]!.message).toMatch(/^Ticket de maintenance/);
      expect(rig.events.some((e) => e.run === result.id && e.kind === 'say')).toBe(true);
      const lamp07 = (await settled(rig.controlUrl('street'))).find((g) => g.shortAddress === 6)!;
      expect(lamp07.lampFailure).toBe(false);
      expect(Math.abs(lamp07.levelPercent - 30)).toBeLessThanOrEqual(3);
    } finally {
      rig.bus.removeAllOf('lamp-failure-test');
    }
  }, 60_000);
});

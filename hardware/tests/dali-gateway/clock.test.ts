/** The simulators' clock (hardware/simulators/clock.ts): scaled wall time and a hand-stepped clock. */
import { describe, expect, it } from 'vitest';
import { createManualClock, createScaledClock } from '@phare/hardware/simulators/clock.ts';

describe('simulation clock', () => {
  it('runs simulated time faster than wall time by its speed factor', async () => {
    const clock = createScaledClock({ speed: 20, startMs: 0 });
    const realStart = Date.now();
    await clock.sleep(2000); // 100 ms of wall time
    const real = Date.now() - realStart;
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
    expect(real).toBeGreaterThanOrEqual(90);
    expect(real).toBeLessThan(1900);
  });

  it('refuses a speed that is not a positive number', () => {
    expect(() => createScaledClock({ speed: 0 })).toThrow(/speed must be > 0/);
  });

  it('fires timers of a manual clock in time order as it advances, and never after cancel', () => {
    const clock = createManualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`once@${clock.now()}`), 250);
    const tick = clock.setInterval(() => fired.push(`tick@${clock.now()}`), 100);
    clock.advance(300);
    tick.cancel();
    clock.advance(1000);
    expect(fired).toEqual(['tick@200', 'tick@300', 'once@350', 'tick@400']);
    expect(clock.now()).toBe(1400);
  });
});

/**
 * The simulators' shared clock (scenario/simulation-clock.ts): a speed change re-arms the timers
 * already waiting, a skip forward fires the ones it passes, and simulated time never goes back.
 * Bounds are generous: a loaded 2-core machine delays timers, never brings them early.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nextTimeOfDay, SimulationClock } from '../../src/scenario/simulation-clock.ts';

const HOUR = 3_600_000;
const timers: { cancel(): void }[] = [];
afterEach(() => {
  for (const t of timers.splice(0)) t.cancel();
});

describe('SimulationClock', () => {
  it('fires a timer armed at ×1 for an hour within seconds once the clock runs at ×3600', async () => {
    const clock = new SimulationClock({ startMs: 0 });
    let firedAt: number | undefined;
    timers.push(clock.setTimeout(() => (firedAt = clock.now()), HOUR));
    clock.setSpeed(3600);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (firedAt !== undefined || performance.now() - started > 10_000) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    expect(firedAt).toBeGreaterThanOrEqual(HOUR);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('skips forward: timers due before the target fire at once, later ones keep their time', async () => {
    const clock = new SimulationClock({ startMs: 0 });
    const fired: string[] = [];
    timers.push(clock.setTimeout(() => fired.push('in 2 h'), 2 * HOUR));
    timers.push(clock.setTimeout(() => fired.push('in 1 day'), 24 * HOUR));
    clock.skipTo(3 * HOUR);
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toEqual(['in 2 h']);
    expect(clock.now()).toBeGreaterThanOrEqual(3 * HOUR);
    const before = clock.now();
    clock.skipTo(HOUR);
    expect(clock.now()).toBeGreaterThanOrEqual(before);
  });

  it('keeps simulated time continuous across speed changes', () => {
    const clock = new SimulationClock({ startMs: 1_000_000 });
    const a = clock.now();
    clock.setSpeed(500);
    const b = clock.now();
    clock.setSpeed(1);
    const c = clock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(c).toBeGreaterThanOrEqual(b);
    expect(() => clock.setSpeed(0)).toThrow(RangeError);
  });

  it('finds the next time of day, UTC, today or tomorrow', () => {
    const noon = Date.UTC(2026, 5, 1, 12, 0);
    expect(nextTimeOfDay(noon, '18:30')).toBe(Date.UTC(2026, 5, 1, 18, 30));
    expect(nextTimeOfDay(noon, '06:00')).toBe(Date.UTC(2026, 5, 2, 6, 0));
    expect(nextTimeOfDay(noon, '12:00')).toBe(noon);
  });
});

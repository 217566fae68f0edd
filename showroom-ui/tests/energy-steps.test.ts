import { describe, expect, it } from 'vitest';
import type { HistorySample } from '@phare/lab-controller/api/wire.ts';
import { localMidnight, stepEnergyWh } from '../src/views/kiosk/energy-steps.ts';

const HOUR = 3_600_000;
const sample = (ts: number, value: number | null, quality: HistorySample['quality'] = 'good') => ({
  ts,
  value,
  quality,
});

describe('energy of a luminaire from its recorded level', () => {
  it('holds each level until the next sample, starting from the level in force at midnight', () => {
    const midnight = localMidnight(Date.UTC(2026, 0, 15, 12));
    // 60 W at 100 % for one hour (held from the day before), then 50 % for one hour: 60 + 30 Wh.
    const result = stepEnergyWh(
      [sample(midnight + HOUR, 50)],
      60,
      midnight,
      midnight + 2 * HOUR,
      sample(midnight - 5 * HOUR, 100),
    );
    expect(result.wh).toBeCloseTo(90, 9);
    expect(result.countedFrom).toBe(midnight);
  });

  it('counts nothing while the level is unknown, and starts at the first sample when nothing came before', () => {
    const from = 0;
    const samples = [sample(HOUR, 100), sample(2 * HOUR, null, 'offline'), sample(3 * HOUR, 100)];
    const result = stepEnergyWh(samples, 40, from, 4 * HOUR, undefined);
    // 100 % during [1 h, 2 h] and [3 h, 4 h]; the offline hour is not invented.
    expect(result.wh).toBeCloseTo(80, 9);
    expect(result.countedFrom).toBe(HOUR);
  });
});

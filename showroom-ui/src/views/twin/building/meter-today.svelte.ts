/**
 * Today's kWh of a building's energy meter (meter-today.ts), from the recorder: the value held at
 * local midnight is looked up in the ten minutes before it (the meter changes on every sample, so
 * a longer window would be thousands of rows), else the day's first sample. Missing history (no
 * data folder, a controller started today) leaves no baseline, which the page says.
 */
import type { HistorySample } from '@phare/lab-controller/api/wire.ts';
import { fetchFirstSamples } from './building-api.ts';
import { energySince, localMidnight, meterBaseline, type MeterToday } from './meter-today.ts';

const BEFORE_MIDNIGHT_MS = 10 * 60_000;

export class MeterTodayLoader {
  baseline = $state.raw<{ value: number; since: number } | null>(null);
  midnight = $state<number | null>(null);
  loaded = $state(false);

  async refresh(pointId: string, now: number): Promise<void> {
    const midnight = localMidnight(now);
    const before = await fetchFirstSamples(pointId, midnight - BEFORE_MIDNIGHT_MS, midnight, 10_000);
    const beforeSamples: HistorySample[] = before.ok ? before.data : [];
    let base = meterBaseline(beforeSamples, [], midnight);
    if (!base) {
      const first = await fetchFirstSamples(pointId, midnight, now, 20);
      base = meterBaseline([], first.ok ? first.data : [], midnight);
    }
    this.baseline = base;
    this.midnight = midnight;
    this.loaded = true;
  }

  today(current: number | null): MeterToday | null {
    return energySince(this.baseline, current);
  }
}

/**
 * Energy of a luminaire from its recorded level: the recorder stores a sample on each change, so
 * the level is a step function and E = Σ level/100 × rated power × time the level held.
 * An offline or bad sample counts as no energy (the level is unknown, not zero: see `since`).
 */
import type { HistorySample } from '@phare/lab-controller/api/wire.ts';

const HOUR_MS = 3_600_000;

export function localMidnight(epochMs: number): number {
  const date = new Date(epochMs);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

function levelOf(sample: HistorySample | undefined): number | null {
  if (!sample || sample.quality === 'bad' || sample.quality === 'offline') return null;
  return typeof sample.value === 'number' ? Math.min(100, Math.max(0, sample.value)) : null;
}

/** Watt-hours of one luminaire between `from` and `to`; `held` is the level in force at `from`. */
export function stepEnergyWh(
  samples: readonly HistorySample[],
  ratedW: number,
  from: number,
  to: number,
  held: HistorySample | undefined,
): { wh: number; countedFrom: number } {
  let wh = 0;
  let level = levelOf(held);
  let t = held ? from : (samples[0]?.ts ?? to);
  const countedFrom = t;
  for (const sample of samples) {
    if (sample.ts < from) continue;
    if (level !== null && sample.ts > t) wh += ((level / 100) * ratedW * (sample.ts - t)) / HOUR_MS;
    t = Math.max(t, sample.ts);
    level = levelOf(sample);
  }
  if (level !== null && to > t) wh += ((level / 100) * ratedW * (to - t)) / HOUR_MS;
  return { wh, countedFrom };
}

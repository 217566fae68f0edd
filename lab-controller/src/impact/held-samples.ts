/**
 * From the recorder's history to power samples the integration can read (energy-integration.ts).
 *
 * The recorder stores a sample on each change of value or quality (storage/recorder.ts), not on
 * every poll: a luminaire left at 30 % for an hour has one sample. Its value therefore holds until
 * the next sample (a step function), and a long time between two samples is not a hole. This file
 * turns such a history into pairs of samples at each change (old value, then new value at the same
 * instant), so the trapezoid integrates the steps exactly; only a sample without a valid value
 * (quality bad or offline: the level is unknown, not zero) breaks the curve.
 */
import type { HistorySample } from '../api/wire.ts';
import type { PowerSample } from './energy-integration.ts';

export interface TimeWindow {
  /** ms since the epoch, inclusive. */
  from: number;
  to: number;
}

/** A sample's number, or null when its quality says the value is not known. */
export function sampleNumber(sample: HistorySample | undefined): number | null {
  if (!sample || sample.quality === 'bad' || sample.quality === 'offline') return null;
  return typeof sample.value === 'number' && Number.isFinite(sample.value) ? sample.value : null;
}

/**
 * Power samples over `window` from a history of the quantity `toWatts` converts.
 * `held` is the last sample before the window (the value in force at `from`); without it the curve
 * starts at the first sample inside the window, and the time before is uncovered.
 */
export function heldPowerSamples(
  history: readonly HistorySample[],
  window: TimeWindow,
  toWatts: (value: number) => number,
  held?: HistorySample,
): PowerSample[] {
  const watts = (s: HistorySample | undefined): number | null => {
    const n = sampleNumber(s);
    return n === null ? null : toWatts(n);
  };
  const inside = history.filter((s) => s.ts >= window.from && s.ts <= window.to);
  const out: PowerSample[] = [];
  let current: number | null;
  if (held) {
    current = watts(held);
    out.push({ ts: window.from, watts: current });
  } else {
    if (inside.length === 0) return [];
    current = watts(inside[0]);
    out.push({ ts: inside[0]!.ts, watts: current });
  }
  for (const sample of inside) {
    const next = watts(sample);
    if (sample.ts > out[out.length - 1]!.ts) out.push({ ts: sample.ts, watts: current });
    out.push({ ts: sample.ts, watts: next });
    current = next;
  }
  if (window.to > out[out.length - 1]!.ts) out.push({ ts: window.to, watts: current });
  return out;
}

/**
 * Energy from a cumulative counter (a meter's kWh register): the last reading in the window minus
 * the reading in force at its start. Null when there are fewer than two valid readings or the
 * counter went backwards (meter replaced or reset): the caller then integrates power instead.
 */
export function counterDelta(
  history: readonly HistorySample[],
  window: TimeWindow,
  held?: HistorySample,
): { delta: number; fromTs: number; toTs: number } | null {
  // The reading before the window stands for its start: a meter's counter moves on every sample,
  // so that reading is seconds old; fromTs says which reading was used.
  const inside = history.filter((s) => s.ts >= window.from && s.ts <= window.to);
  const readings = [...(held ? [held] : []), ...inside]
    .map((s) => ({ ts: s.ts, value: sampleNumber(s) }))
    .filter((r): r is { ts: number; value: number } => r.value !== null);
  if (readings.length < 2) return null;
  for (let i = 1; i < readings.length; i += 1) if (readings[i]!.value < readings[i - 1]!.value) return null;
  const first = readings[0]!;
  const last = readings[readings.length - 1]!;
  return { delta: last.value - first.value, fromTs: first.ts, toTs: last.ts };
}

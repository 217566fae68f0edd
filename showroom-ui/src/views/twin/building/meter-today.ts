/**
 * Today's energy from a monotonic meter (kWh): its value now minus its value at local midnight,
 * from the recorder's history (GET /api/points/:id/history). The value at midnight is the last
 * good sample before it; when the record starts later (the controller started this morning), the
 * count starts at the first good sample of the day, and `since` says so. A counter that went back
 * (replaced meter, simulator restarted) gives no figure rather than a wrong one.
 */
import type { HistorySample } from '@phare/lab-controller/api/wire.ts';

export { localMidnight } from '../../kiosk/energy-steps.ts';

export interface MeterToday {
  kWh: number;
  /** From when it is counted: midnight, or the first sample of the day. */
  since: number;
}

function goodNumber(sample: HistorySample | undefined): number | null {
  if (!sample || sample.quality === 'bad' || sample.quality === 'offline') return null;
  return typeof sample.value === 'number' && Number.isFinite(sample.value) ? sample.value : null;
}

/**
 * The meter's value at the start of today's count: the last good sample at or before midnight in
 * `beforeMidnight`, else the first good sample from midnight on in `firstToday` (oldest first).
 */
export function meterBaseline(
  beforeMidnight: readonly HistorySample[],
  firstToday: readonly HistorySample[],
  midnight: number,
): { value: number; since: number } | null {
  const held = [...beforeMidnight].reverse().find((s) => s.ts <= midnight && goodNumber(s) !== null);
  if (held) return { value: goodNumber(held)!, since: midnight };
  const first = firstToday.find((s) => s.ts >= midnight && goodNumber(s) !== null);
  return first ? { value: goodNumber(first)!, since: first.ts } : null;
}

/** Today's energy for the live value `current` (null when unknown). */
export function meterToday(
  beforeMidnight: readonly HistorySample[],
  firstToday: readonly HistorySample[],
  current: number | null,
  midnight: number,
): MeterToday | null {
  return energySince(meterBaseline(beforeMidnight, firstToday, midnight), current);
}

export function energySince(
  base: { value: number; since: number } | null,
  current: number | null,
): MeterToday | null {
  if (!base || current === null || current < base.value) return null;
  return { kWh: current - base.value, since: base.since };
}

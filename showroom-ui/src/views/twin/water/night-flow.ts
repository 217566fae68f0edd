/**
 * A leak behind a building water meter, by the classic minimum-night-flow check: nobody draws
 * water at night, so a flow that never returns to zero during the night is a leak
 * (hardware/simulators/water/physics/building-water.ts models exactly that). The night is a window
 * of local hours; the verdict needs the record to cover it, otherwise it is `unknown` and the
 * layer shows the flow alone.
 */
import type { HistorySample } from '@phare/lab-controller/api/wire.ts';

export type NightFlowVerdict = 'leak' | 'normal' | 'unknown';

/** Local hours of the night window: 01:00 to 05:00, when a school or an office is empty. */
export const NIGHT_HOURS = { from: 1, to: 5 } as const;
/** The record must cover at least this much of the window for a verdict, ms. */
export const MIN_COVERAGE_MS = 30 * 60_000;

/** The last night window that has begun at `now`: `to` is `now` while it is still running. */
export function lastNightWindow(now: number): { from: number; to: number } {
  const start = new Date(now);
  start.setHours(NIGHT_HOURS.from, 0, 0, 0);
  if (start.getTime() > now) start.setDate(start.getDate() - 1);
  const end = new Date(start);
  end.setHours(NIGHT_HOURS.to, 0, 0, 0);
  return { from: start.getTime(), to: Math.min(end.getTime(), now) };
}

function flowOf(sample: HistorySample): number | null {
  if (sample.quality === 'bad' || sample.quality === 'offline') return null;
  return typeof sample.value === 'number' && Number.isFinite(sample.value) ? sample.value : null;
}

/**
 * `samples`: the flow's record from before the window to its end (oldest first): the recorder keeps
 * a sample per change, so each value holds until the next one.
 */
export function nightFlowVerdict(
  samples: readonly HistorySample[],
  window: { from: number; to: number },
): NightFlowVerdict {
  let held: number | null = null;
  let heldFrom = window.from;
  let coveredMs = 0;
  let minimum = Infinity;
  const close = (until: number): void => {
    if (held === null || until <= heldFrom) return;
    coveredMs += until - heldFrom;
    minimum = Math.min(minimum, held);
  };
  for (const sample of samples) {
    if (sample.ts >= window.to) break;
    if (sample.ts > window.from) close(sample.ts);
    held = flowOf(sample);
    heldFrom = Math.max(window.from, sample.ts);
  }
  close(window.to);
  if (coveredMs < MIN_COVERAGE_MS) return 'unknown';
  return minimum > 0 ? 'leak' : 'normal';
}

/**
 * The vigilance level of a water level, with hysteresis so that a river hovering at a threshold
 * does not flap between two colours: a level is entered when the value reaches its threshold, and
 * left only when the value falls below that threshold minus the hysteresis.
 * Rising may skip levels (a sudden surge goes straight to red); so may falling.
 */
import type { VigilanceLevel } from './levels.ts';

export interface VigilanceThresholds {
  yellow: number;
  orange: number;
  red: number;
}

/** The level a value reaches without any history (thresholds ascending). */
export function levelOf(value: number, t: VigilanceThresholds): VigilanceLevel {
  if (value >= t.red) return 3;
  if (value >= t.orange) return 2;
  if (value >= t.yellow) return 1;
  return 0;
}

/** The next level from `current` (null: no history yet) after seeing `value`. */
export function nextLevel(
  current: VigilanceLevel | null,
  value: number,
  thresholds: VigilanceThresholds,
  hysteresis: number,
): VigilanceLevel {
  const reached = levelOf(value, thresholds);
  if (current === null || reached >= current) return reached;
  const entry = [Number.NEGATIVE_INFINITY, thresholds.yellow, thresholds.orange, thresholds.red];
  let level: VigilanceLevel = current;
  // "Below threshold − hysteresis", not equal: 0.7 is not below 0.8 − 0.1 = 0.7000000000000001.
  const below = (threshold: number): boolean =>
    value < threshold - hysteresis - 1e-9 * Math.max(1, Math.abs(threshold));
  while (level > 0 && below(entry[level]!)) level = (level - 1) as VigilanceLevel;
  return level;
}

/**
 * A river gauge drawn against the site's flood vigilance thresholds (site `vigilance:`, wire
 * VigilanceView): four bands, green from the bottom to the yellow threshold, then yellow, orange,
 * red up to the top of the gauge. The top leaves room above the red threshold and follows a
 * level that goes beyond it, so the marker never leaves the gauge.
 */
import type { PointStateLabel, VigilanceView } from '@phare/lab-controller/api/wire.ts';

export type VigilanceKey = 'green' | 'yellow' | 'orange' | 'red';
export const vigilanceKeys: readonly VigilanceKey[] = ['green', 'yellow', 'orange', 'red'];

export interface GaugeBand {
  key: VigilanceKey;
  from: number;
  to: number;
}

/** Vigicrues colours (lab-controller/src/vigilance/levels.ts), used when the point carries none. */
const DEFAULT_COLOURS: Record<VigilanceKey, string> = {
  green: '#2e9e44',
  yellow: '#f5d000',
  orange: '#f08a00',
  red: '#e3001b',
};

/** Room above the red threshold, as a share of it. */
const HEADROOM = 0.3;

export function gaugeTop(thresholds: VigilanceView['thresholds'], level: number | null): number {
  const top = thresholds.red * (1 + HEADROOM);
  return level !== null && level > top * 0.95 ? level * 1.1 : top;
}

export function gaugeBands(thresholds: VigilanceView['thresholds'], top: number): GaugeBand[] {
  return [
    { key: 'green', from: 0, to: thresholds.yellow },
    { key: 'yellow', from: thresholds.yellow, to: thresholds.orange },
    { key: 'orange', from: thresholds.orange, to: thresholds.red },
    { key: 'red', from: thresholds.red, to: Math.max(top, thresholds.red) },
  ];
}

/** Where a level sits on the gauge, 0 (bottom) to 1 (top). */
export function gaugeFraction(value: number, top: number): number {
  if (!(top > 0)) return 0;
  return Math.min(1, Math.max(0, value / top));
}

/** The level key of the computed vigilance point's value (0 green … 3 red), from its states. */
export function vigilanceKeyOf(
  value: number | null,
  states: readonly PointStateLabel[] | undefined,
): VigilanceKey | null {
  if (value === null) return null;
  const key = states?.find((s) => s.value === value)?.key ?? vigilanceKeys[value];
  return vigilanceKeys.includes(key as VigilanceKey) ? (key as VigilanceKey) : null;
}

export function vigilanceColour(key: VigilanceKey, states: readonly PointStateLabel[] | undefined): string {
  return states?.find((s) => s.key === key)?.color ?? DEFAULT_COLOURS[key];
}

/** The level the thresholds alone give (no hysteresis): to draw a level before the point reports. */
export function levelKeyFor(value: number, thresholds: VigilanceView['thresholds']): VigilanceKey {
  if (value >= thresholds.red) return 'red';
  if (value >= thresholds.orange) return 'orange';
  if (value >= thresholds.yellow) return 'yellow';
  return 'green';
}

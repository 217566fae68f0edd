/**
 * The suite's write gate and its choice of values. The suite writes only within the profile's
 * limits (ARCHITECTURE.md §6 "Safe with real kit"), with the same rule as the controller's write
 * path (registry/write-path.ts): a finite number of the right type, within `limits`. A value
 * outside is refused here, before any byte goes on the wire; `write.limits.*` proves it.
 *
 * The value written is harmless by construction: the current value moved by a small step (10 % of
 * the limits' span) towards the middle when that stays within limits, else the middle of the limits.
 * The previous value is always written back afterwards; that one restore may lie outside the limits
 * (the device was already there), but never outside the range the device represents.
 */
import { OutOfRange, type PhareError } from '@phare/device-drivers/errors.ts';
import type { Bounds, InteropPoint } from './interop-points.ts';

/** Fraction of the limits' span a test write moves a value by. */
const STEP_FRACTION = 0.1;

function representable(point: InteropPoint, value: number): number {
  let v = value;
  if (point.resolution && point.resolution > 0) v = Math.round(v / point.resolution) * point.resolution;
  if (point.type === 'integer' || point.type === 'bitmap') v = Math.round(v);
  return Number(v.toPrecision(12));
}

/** A value inside `limits`, near `current` when it is known and inside, for a test write. */
export function safeTestValue(point: InteropPoint, limits: Bounds, current: unknown): number {
  const span = limits.max - limits.min;
  const middle = representable(point, limits.min + span / 2);
  const inside = (v: number): boolean => v >= limits.min && v <= limits.max;
  if (typeof current !== 'number' || !Number.isFinite(current) || !inside(current) || span === 0)
    return inside(middle) ? middle : limits.min;
  let step = span * STEP_FRACTION;
  if (point.type === 'integer' || point.type === 'bitmap') step = Math.max(1, Math.round(step));
  if (point.resolution) step = Math.max(step, point.resolution);
  const towardsMiddle = current <= limits.min + span / 2 ? current + step : current - step;
  const candidate = representable(point, towardsMiddle);
  return inside(candidate) && candidate !== current ? candidate : inside(middle) ? middle : limits.min;
}

/** A value Phare must refuse: beyond the upper limit by one step (or one unit). */
export function beyondLimits(point: InteropPoint, limits: Bounds): number {
  const step = Math.max(point.resolution ?? 1, (limits.max - limits.min) * STEP_FRACTION, 1);
  return representable(point, limits.max + step);
}

/**
 * Undefined when the value may be written; else the OutOfRange Phare raises instead of sending.
 * `restoring`: writing back the exact previous value, allowed within the representable range.
 */
export function refusal(
  point: InteropPoint,
  value: unknown,
  device: string,
  restoring = false,
): PhareError | undefined {
  const ctx = { device, point: point.id, detail: { value, limits: point.limits, range: point.range } };
  if (!point.writable) return new OutOfRange(`${device} point ${point.id} is read-only`, ctx);
  if (typeof value !== 'number' || !Number.isFinite(value))
    return new OutOfRange(`${device} point ${point.id} needs a finite number, got ${String(value)}`, ctx);
  const bounds = restoring ? (point.range ?? point.limits) : point.limits;
  if (!bounds)
    return new OutOfRange(
      `${device} point ${point.id} has no safe limits in the profile: Phare does not write it`,
      ctx,
    );
  if (value < bounds.min || value > bounds.max)
    return new OutOfRange(
      `${device} point ${point.id}: ${value}${point.unit ? ` ${point.unit}` : ''} is outside its ${restoring ? 'range' : 'safe limits'} ${bounds.min}–${bounds.max}`,
      ctx,
    );
  return undefined;
}

/** How close a read-back must be to the value written (scale step, DALI level conversions). */
export function tolerance(point: InteropPoint, value: number, isDaliLevel: boolean): number {
  if (isDaliLevel) return 1.5; // percent ⇄ arc level 0–254 conversions lose up to about 1 % (protocols.md §1.4)
  if (point.resolution) return point.resolution / 2 + 1e-9;
  return 1e-6 * Math.max(1, Math.abs(value));
}

/**
 * Low / central / high values and the interval arithmetic that carries them through the model
 * (hardware/impact/README.md §5).
 *
 * Why interval arithmetic and not Monte Carlo: the factors file gives plausible bounds, not
 * probability distributions, and inventing distributions would give narrower ranges that look
 * more certain than the data. Bounds are deterministic, reproducible by hand from the README, and
 * say plainly to a visitor "in the least favourable case… in the most favourable case…". The price
 * is width: every unfavourable assumption is combined at once.
 */
import { OutOfRange } from '@phare/device-drivers/errors.ts';

export interface Range {
  low: number;
  central: number;
  high: number;
}

export const exact = (value: number): Range => ({ low: value, central: value, high: value });

export const ZERO: Range = exact(0);

/** Orders the bounds: the result of a decreasing function may arrive swapped. */
function ordered(a: number, central: number, b: number): Range {
  return { low: Math.min(a, b, central), central, high: Math.max(a, b, central) };
}

export function add(...ranges: Range[]): Range {
  return ranges.reduce(
    (s, r) => ({ low: s.low + r.low, central: s.central + r.central, high: s.high + r.high }),
    ZERO,
  );
}

/** a − b: the low end subtracts b's high end. */
export function subtract(a: Range, b: Range): Range {
  return { low: a.low - b.high, central: a.central - b.central, high: a.high - b.low };
}

/** a × b for any signs: the bounds are the extreme products of the corners. */
export function multiply(a: Range, b: Range): Range {
  const corners = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high];
  return { low: Math.min(...corners), central: a.central * b.central, high: Math.max(...corners) };
}

export function scale(a: Range, factor: number): Range {
  return ordered(a.low * factor, a.central * factor, a.high * factor);
}

/** a ÷ b for b strictly positive at every bound (a lifetime, a ratio). */
export function dividePositive(a: Range, b: Range): Range {
  if (!(b.low > 0))
    throw new OutOfRange(`division by a range that is not strictly positive (low ${b.low})`, {
      detail: { divisor: b },
    });
  const corners = [a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high];
  return { low: Math.min(...corners), central: a.central / b.central, high: Math.max(...corners) };
}

/** Applies a function to each bound, for monotonic functions computed scenario by scenario. */
export function fromScenarios(low: number, central: number, high: number): Range {
  return ordered(low, central, high);
}

/** Rounds each bound for display without changing the model's numbers. */
export function roundRange(r: Range, digits = 0): Range {
  const f = 10 ** digits;
  const round = (x: number): number => Math.round(x * f) / f;
  return { low: round(r.low), central: round(r.central), high: round(r.high) };
}

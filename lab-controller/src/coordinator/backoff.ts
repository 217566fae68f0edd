/**
 * Jittered exponential backoff for reconnecting a link and probing a dead unit.
 *
 * Why jitter: after a gateway reboots, every coordinator (and every kiosk) retrying on the same
 * fixed schedule would hit it in lockstep. "Full jitter" (sleep = random(0, min(max, initial·2^n)),
 * AWS Architecture Blog, "Exponential Backoff And Jitter", 2015) spreads them out best.
 * A dead unit is probed with "equal jitter" instead (at least half the ceiling), so that a unit
 * that stopped answering is never probed faster than the backoff promises its neighbours.
 */

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };

function ceilingFor(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
}

/** Delay before retry number `attempt` (0 = first retry): uniform in [0, ceiling]. */
export function fullJitterDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  return Math.round(random() * ceilingFor(attempt, policy));
}

/** Delay before probe number `attempt`: uniform in [ceiling/2, ceiling]. */
export function equalJitterDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = ceilingFor(attempt, policy);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Rate limit per point for writes (issue 9 §2): a token bucket per point, refilled at `perSecond`
 * up to `burst`, from the site's `writeRate` section (default 5 writes per second per point).
 * It protects devices from a stuck slider, a double-clicking visitor's tablet or a script looping
 * on the LAN; a refusal names the point and when to retry.
 *
 * Internal sources (Actor role `system`: scenario runs, the CLI, the curriculum reset) count
 * apart from people, in a bucket of their own, so a running show never eats staff's budget:
 * - on a simulated device (site `simulator:`) they are not limited. Faster-than-real-time runs
 *   (×600) exist only there (the engine refuses speed ≠ 1 on real kit), and a step every simulated
 *   second becomes 600 writes per real second to a simulator that is built to take it;
 * - on real kit they get SYSTEM_FACTOR times the budget: a showcase at real speed never comes near
 *   it, while a runaway `repeat` loop in a scenario is still stopped before it floods a gateway.
 *
 * A write consumes a token only when it is sent (the write path checks, then takes), so refused
 * attempts do not eat the budget of the next, legitimate one.
 */
import type { WriteRateConfig } from '../config/schema/write-safety.ts';
import { patternList } from '../config/schema/write-safety.ts';
import { pointPattern } from '../scenario/site-points.ts';

export interface RateBudget {
  perSecond: number;
  burst: number;
}

export const DEFAULT_WRITE_RATE: RateBudget = { perSecond: 5, burst: 5 };
export const SYSTEM_FACTOR = 10;

export type RateClass = 'people' | 'system';

interface Bucket {
  tokens: number;
  at: number;
}

export class WriteRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly budgets = new Map<string, RateBudget>();
  private readonly overrides: { re: RegExp; budget: RateBudget }[];
  private readonly base: RateBudget;

  constructor(
    config: WriteRateConfig | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.base = {
      perSecond: config?.perSecond ?? DEFAULT_WRITE_RATE.perSecond,
      burst: config?.burst ?? DEFAULT_WRITE_RATE.burst,
    };
    this.overrides = (config?.points ?? []).flatMap((entry) =>
      patternList(entry.points).map((p) => ({
        re: pointPattern(p),
        budget: { perSecond: entry.perSecond, burst: entry.burst ?? this.base.burst },
      })),
    );
  }

  /** The budget of one point for one class of writer. */
  budgetFor(point: string, rateClass: RateClass): RateBudget {
    let budget = this.budgets.get(point);
    if (!budget) {
      budget = this.overrides.find((o) => o.re.test(point))?.budget ?? this.base;
      this.budgets.set(point, budget);
    }
    return rateClass === 'system'
      ? { perSecond: budget.perSecond * SYSTEM_FACTOR, burst: budget.burst * SYSTEM_FACTOR }
      : budget;
  }

  /** Ms to wait before `count` writes to the point fit (0: now; Infinity: more than the burst). */
  waitFor(point: string, rateClass: RateClass, count = 1): number {
    const budget = this.budgetFor(point, rateClass);
    if (count > budget.burst) return Infinity;
    const missing = count - this.refilled(point, rateClass, budget).tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / budget.perSecond) * 1000);
  }

  take(point: string, rateClass: RateClass, count = 1): void {
    const budget = this.budgetFor(point, rateClass);
    const bucket = this.refilled(point, rateClass, budget);
    bucket.tokens = Math.max(0, bucket.tokens - count);
  }

  private refilled(point: string, rateClass: RateClass, budget: RateBudget): Bucket {
    const key = `${rateClass} ${point}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: budget.burst, at: now };
    bucket.tokens = Math.min(budget.burst, bucket.tokens + ((now - bucket.at) / 1000) * budget.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

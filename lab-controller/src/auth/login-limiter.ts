/**
 * Login rate limiting: at most `maxFailures` failed sign-ins per client address and per account
 * name within `windowMs` (default 5 in 5 minutes). Past that, sign-in is refused until the oldest
 * failure leaves the window, whether the password is right or not, so guessing is capped at about
 * one password a minute per name.
 *
 * The per-name limit means someone can keep an account locked by failing on purpose; the lock
 * lasts minutes, the account's holder can still use an open session, and an admin can act from
 * the CLI. That is preferred to unlimited guessing from many addresses. Kept in memory: a
 * restart clears it, which an attacker cannot trigger from the network.
 */
export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
  /** Addresses and names remembered at most; the oldest are forgotten first. */
  maxKeys?: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: LoginLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** 0 when a sign-in may be tried now; else how long to wait, in ms. */
  retryAfterMs(ip: string, name: string): number {
    return Math.max(this.waitFor(ipKey(ip)), this.waitFor(nameKey(name)));
  }

  recordFailure(ip: string, name: string): void {
    for (const key of [ipKey(ip), nameKey(name)]) {
      const recent = this.recent(key);
      recent.push(this.now());
      // Re-inserting keeps the map ordered by last failure, so the oldest key goes first.
      this.failures.delete(key);
      this.failures.set(key, recent.slice(-this.maxFailures));
    }
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /** A successful sign-in clears the name's failures (not the address's: one success proves little). */
  recordSuccess(name: string): void {
    this.failures.delete(nameKey(name));
  }

  private waitFor(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return 0;
    return recent[recent.length - this.maxFailures]! + this.windowMs - this.now();
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(key);
    return recent;
  }
}

const ipKey = (ip: string): string => `ip:${ip}`;
const nameKey = (name: string): string => `name:${name.normalize('NFC').toLowerCase()}`;

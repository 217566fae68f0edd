/**
 * Device locks shared by the scenario engine and the learning sandbox (issue 7 §4, issue 9 §2):
 * a scenario run holds the devices its plan uses for as long as it runs; a trainer (or an
 * exercise) reserves devices for an apprentice so two apprentices do not fight over one luminaire.
 *
 * Contract:
 * - `hold` is all or nothing: if any device is held by someone else, nothing changes and it throws
 *   Forbidden naming the device and its holder's label. Holding again by the same holder (same
 *   `id`) adds devices and extends the lease (new `ttlMs`, or no expiry when none is given).
 * - `release(holderId)` frees every device of that holder; releasing nothing is not an error.
 * - A lease with `ttlMs` expires on its own: an apprentice who walks away does not keep the lab.
 *   Expiry is checked on every read (so it never depends on a timer firing on time) and a timer
 *   also prunes it, so the bus tells the showroom.
 * - Every change emits the bus event `locks` with the whole list (small: one entry per device).
 *
 * Who may write while a device is held is the write path's business (registry/write-path.ts):
 * an apprentice writes only devices held by a lock whose holder id is its account name; staff and
 * internal sources are not locked out (their writes are audited).
 */
import { Forbidden } from '@phare/device-drivers/errors.ts';
import type { EventBus } from '../bus/event-bus.ts';

export interface LockHolder {
  kind: 'run' | 'apprentice';
  /** A run id, or an apprentice's account name (the write path compares it with Actor.user). */
  id: string;
  /** Shown in refusals: `scenario night-dimming (run …)`, `apprentie Léa`. */
  label: string;
}

export interface DeviceLock {
  device: string;
  holder: LockHolder;
  /** ms since the epoch. */
  since: number;
  expiresAt?: number;
}

export interface DeviceLocksOptions {
  /** Announces changes as the `locks` event. */
  bus?: EventBus;
  /** Wall clock, ms (tests pass their own). Default Date.now. */
  now?: () => number;
}

export class DeviceLocks {
  private readonly locks = new Map<string, DeviceLock>();
  private readonly now: () => number;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DeviceLocksOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  hold(devices: string[], holder: LockHolder, options: { ttlMs?: number } = {}): void {
    const { ttlMs } = options;
    if (ttlMs !== undefined && !(ttlMs > 0 && Number.isFinite(ttlMs)))
      throw new Forbidden(`a lock's ttlMs must be a positive number of ms, got ${ttlMs}`);
    this.pruneExpired();
    const clash = devices.find((d) => {
      const current = this.locks.get(d);
      return current !== undefined && current.holder.id !== holder.id;
    });
    if (clash !== undefined) {
      const other = this.locks.get(clash)!.holder;
      throw new Forbidden(`device ${clash} is held by ${other.label}; wait for it to be released`, {
        device: clash,
        detail: { holder: { ...other } },
      });
    }
    const now = this.now();
    const expiresAt = ttlMs === undefined ? undefined : now + ttlMs;
    // Re-holding extends every device of the holder, not only the ones named again.
    const mine = [...this.locks.values()].filter((l) => l.holder.id === holder.id).map((l) => l.device);
    for (const device of new Set([...mine, ...devices])) {
      const since = this.locks.get(device)?.since ?? now;
      this.locks.set(device, {
        device,
        holder: { ...holder },
        since,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      });
    }
    this.changed();
  }

  release(holderId: string): void {
    let removed = false;
    for (const [device, lock] of this.locks)
      if (lock.holder.id === holderId) {
        this.locks.delete(device);
        removed = true;
      }
    if (removed) this.changed();
  }

  holderOf(device: string): LockHolder | undefined {
    if (this.pruneExpired()) this.changed();
    const holder = this.locks.get(device)?.holder;
    return holder && { ...holder };
  }

  list(): DeviceLock[] {
    if (this.pruneExpired()) this.changed();
    return [...this.locks.values()]
      .sort((a, b) => a.device.localeCompare(b.device))
      .map((l) => ({ ...l, holder: { ...l.holder } }));
  }

  /** Stops the expiry timer (controller stop); locks stay readable. */
  close(): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  private pruneExpired(): boolean {
    const now = this.now();
    let removed = false;
    for (const [device, lock] of this.locks)
      if (lock.expiresAt !== undefined && lock.expiresAt <= now) {
        this.locks.delete(device);
        removed = true;
      }
    return removed;
  }

  private changed(): void {
    this.options.bus?.emit('locks', this.list());
    this.scheduleExpiry();
  }

  /** One timer, for the next lease to end; unref'd so it never keeps a process alive. */
  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const next = Math.min(...[...this.locks.values()].map((l) => l.expiresAt ?? Infinity));
    if (next === Infinity) return;
    this.expiryTimer = setTimeout(
      () => {
        this.expiryTimer = undefined;
        if (this.pruneExpired()) this.changed();
        else this.scheduleExpiry();
      },
      Math.max(0, next - this.now()),
    );
    this.expiryTimer.unref();
  }
}

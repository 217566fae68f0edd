/**
 * The clock of one run: the shared clock (hardware/simulators/clock.ts; faster than real time in
 * simulation only) that can be paused. While a run is paused (a device dropped, onDeviceLoss:
 * pause) its time stands still: a `wait 10s` or an `expect within 5s` resumes with the time it had
 * left, instead of failing because the device was away.
 *
 * Steps are scheduled at absolute run times (`at`), not "delay after the previous step ended",
 * so timer lateness does not accumulate over a long scenario.
 */
import type { Clock, ClockTimer } from '@phare/hardware/simulators/clock.ts';

interface PendingTimer {
  due: number;
  callback: () => void;
  handle: ClockTimer | undefined;
  done: boolean;
}

export class RunClock {
  private pausedAt: number | undefined;
  private pausedTotal = 0;
  private readonly timers = new Set<PendingTimer>();

  constructor(readonly base: Clock) {}

  get speed(): number {
    return this.base.speed;
  }

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Run time in ms: the base clock minus the time spent paused. */
  now(): number {
    return (this.pausedAt ?? this.base.now()) - this.pausedTotal;
  }

  /** Runs `callback` when run time reaches `due` (at once if already past). */
  at(due: number, callback: () => void): ClockTimer {
    const timer: PendingTimer = { due, callback, handle: undefined, done: false };
    this.timers.add(timer);
    if (!this.paused) this.arm(timer);
    return {
      cancel: () => {
        timer.done = true;
        timer.handle?.cancel();
        this.timers.delete(timer);
      },
    };
  }

  after(delayMs: number, callback: () => void): ClockTimer {
    return this.at(this.now() + delayMs, callback);
  }

  pause(): void {
    if (this.paused) return;
    this.pausedAt = this.base.now();
    for (const t of this.timers) {
      t.handle?.cancel();
      t.handle = undefined;
    }
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    this.pausedTotal += this.base.now() - this.pausedAt;
    this.pausedAt = undefined;
    for (const t of this.timers) this.arm(t);
  }

  private arm(timer: PendingTimer): void {
    timer.handle = this.base.setTimeout(
      () => {
        if (timer.done) return;
        timer.done = true;
        this.timers.delete(timer);
        timer.callback();
      },
      Math.max(0, timer.due - this.now()),
    );
  }
}

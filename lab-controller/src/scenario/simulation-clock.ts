/**
 * The simulated time of a demonstrator, shared by its simulators and the scenario engine
 * (ARCHITECTURE.md §2 "Simulator": a clock shared with the scenario engine can run faster than real
 * time, in simulation only). Unlike `createScaledClock` (hardware/simulators/clock.ts), whose speed
 * is fixed when it is made, this one can change speed and skip ahead while the simulators run:
 * a showcase starts at ×60 on the demo that was idling at ×1, or jumps to 21:00 to show a night.
 *
 * Contract (the Clock contract of hardware/simulators/clock.ts, plus):
 * - `now()` never goes backwards: a speed change re-anchors simulated time where it is, and
 *   `skipTo` only moves forward. Models integrate over a skip as over any elapsed time.
 * - Every pending timer is re-armed on a speed change or a skip, so a timer armed at ×1 for an
 *   hour fires after a minute once the clock runs at ×60, and a timer due before a skip's target
 *   fires at once after it.
 * - Timers never fire before their simulated due time (a Node timer a fraction of a ms early
 *   re-arms for the rest) and do not keep the process alive, except `sleep`.
 */
import type { Clock, ClockTimer } from '@phare/hardware/simulators/clock.ts';

interface PendingTimer {
  due: number;
  callback: () => void;
  handle: NodeJS.Timeout | undefined;
  keepAlive: boolean;
}

export class SimulationClock implements Clock {
  private simAnchor: number;
  private realAnchor = performance.now();
  private currentSpeed: number;
  private readonly pending = new Set<PendingTimer>();

  constructor(options: { speed?: number; startMs?: number } = {}) {
    this.currentSpeed = checkedSpeed(options.speed ?? 1);
    this.simAnchor = options.startMs ?? Date.now();
  }

  get speed(): number {
    return this.currentSpeed;
  }

  now(): number {
    return this.simAnchor + (performance.now() - this.realAnchor) * this.currentSpeed;
  }

  /** From now on, one real second is `speed` simulated seconds. */
  setSpeed(speed: number): void {
    const checked = checkedSpeed(speed);
    if (checked === this.currentSpeed) return;
    this.reanchor();
    this.currentSpeed = checked;
    this.rearmAll();
  }

  /** Moves simulated time forward to `ms` (no-op when already past it). */
  skipTo(ms: number): void {
    if (!(ms > this.now())) return;
    this.reanchor();
    this.simAnchor = ms;
    this.rearmAll();
  }

  setTimeout(callback: () => void, delayMs: number): ClockTimer {
    return this.at(this.now() + Math.max(0, delayMs), callback, false);
  }

  setInterval(callback: () => void, periodMs: number): ClockTimer {
    // Due times advance by whole periods, so a late tick does not shift the ones after it.
    const period = Math.max(1, periodMs);
    let due = this.now() + period;
    let timer: ClockTimer;
    const tick = (): void => {
      due += period;
      timer = this.at(due, tick, false);
      callback();
    };
    timer = this.at(due, tick, false);
    return { cancel: () => timer.cancel() };
  }

  // A sleeping caller keeps the process alive, as `await setTimeout(...)` would.
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => void this.at(this.now() + Math.max(0, ms), resolve, true));
  }

  private at(due: number, callback: () => void, keepAlive: boolean): ClockTimer {
    const timer: PendingTimer = { due, callback, handle: undefined, keepAlive };
    this.pending.add(timer);
    this.arm(timer);
    return {
      cancel: () => {
        clearTimeout(timer.handle);
        this.pending.delete(timer);
      },
    };
  }

  private arm(timer: PendingTimer, minimumMs = 0): void {
    clearTimeout(timer.handle);
    const realDelay = Math.max(minimumMs, (timer.due - this.now()) / this.currentSpeed);
    timer.handle = setTimeout(() => this.fire(timer), realDelay);
    if (!timer.keepAlive) timer.handle.unref();
  }

  private fire(timer: PendingTimer): void {
    if (!this.pending.has(timer)) return;
    if (timer.due - this.now() > 0) {
      this.arm(timer, 1);
      return;
    }
    this.pending.delete(timer);
    timer.callback();
  }

  private reanchor(): void {
    const realNow = performance.now();
    this.simAnchor += (realNow - this.realAnchor) * this.currentSpeed;
    this.realAnchor = realNow;
  }

  private rearmAll(): void {
    for (const timer of this.pending) this.arm(timer);
  }
}

/** A clock the engine may speed up or skip forward (the simulators share it). */
export function isSimulationClock(clock: Clock | undefined): clock is SimulationClock {
  return clock instanceof SimulationClock;
}

/** The next instant (≥ `fromMs`) whose UTC time of day is `hhmm` ("21:00"). */
export function nextTimeOfDay(fromMs: number, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const dayMs = 86_400_000;
  const wanted = (h * 60 + m) * 60_000;
  const dayStart = Math.floor(fromMs / dayMs) * dayMs;
  const candidate = dayStart + wanted;
  return candidate >= fromMs ? candidate : candidate + dayMs;
}

function checkedSpeed(speed: number): number {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
  return speed;
}

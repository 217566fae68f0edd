/**
 * Clock shared by the simulators and, in simulation only, by the scenario engine.
 *
 * Why an abstraction: simulated physics (DALI fades, energy integration, DALI bus time) is written
 * against `clock.now()` and `clock.setTimeout`, so a demo can run faster than real time
 * (`speed` > 1) without touching the models, and a test can step time by hand.
 *
 * Contract:
 * - `now()` is simulated milliseconds; it never goes backwards.
 * - `setTimeout(cb, ms)` runs `cb` once after `ms` simulated milliseconds; `setInterval` repeats.
 *   Both return a timer whose `cancel()` is idempotent.
 * - Real kit never sees this clock: a speed factor other than 1 is for simulation only
 *   (ARCHITECTURE.md §2, "Simulator").
 */

export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  /** Simulated time runs `speed` times faster than wall time (1 = real time). */
  readonly speed: number;
  /** Simulated milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): ClockTimer;
  setInterval(callback: () => void, periodMs: number): ClockTimer;
  /** Resolves after `ms` simulated milliseconds. */
  sleep(ms: number): Promise<void>;
}

/**
 * Wall-clock time scaled by `speed`: one real second is `speed` simulated seconds.
 * Elapsed time is measured on the monotonic clock (`performance.now`), so `now()` never jumps back when
 * the system clock is set. A Node timer may fire a fraction of a millisecond early against that clock;
 * such a timer re-arms for the rest, so a callback never runs before its simulated due time.
 * Timers do not keep the process alive on their own (`unref`): a forgotten simulator never blocks exit.
 */
export function createScaledClock(options: { speed?: number; startMs?: number } = {}): Clock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
  const realStart = performance.now();
  const simStart = options.startMs ?? Date.now();
  const now = (): number => simStart + (performance.now() - realStart) * speed;

  /** Runs `callback` once simulated time reaches `dueMs`; never synchronously. */
  const at = (dueMs: number, callback: () => void, keepAlive = false): ClockTimer => {
    let handle: NodeJS.Timeout | undefined;
    const arm = (realDelayMs: number): void => {
      handle = setTimeout(fire, realDelayMs);
      if (!keepAlive) handle.unref();
    };
    const fire = (): void => {
      const remaining = dueMs - now();
      if (remaining > 0) arm(Math.max(1, remaining / speed));
      else callback();
    };
    arm(Math.max(0, (dueMs - now()) / speed));
    return { cancel: () => clearTimeout(handle) };
  };

  return {
    speed,
    now,
    setTimeout: (callback, delayMs) => at(now() + Math.max(0, delayMs), callback),
    setInterval(callback, periodMs) {
      // Due times advance by whole periods, so a late tick does not shift the ones after it.
      const period = Math.max(1, periodMs);
      let due = now() + period;
      let timer: ClockTimer;
      const tick = (): void => {
        due += period;
        timer = at(due, tick);
        callback();
      };
      timer = at(due, tick);
      return { cancel: () => timer.cancel() };
    },
    // A sleeping caller keeps the process alive, as `await setTimeout(...)` would.
    sleep: (ms) => new Promise<void>((resolve) => void at(now() + Math.max(0, ms), resolve, true)),
  };
}

/** Real time (speed 1). */
export const systemClock: Clock = createScaledClock();

interface ManualTimer {
  at: number;
  period: number | undefined;
  callback: () => void;
  cancelled: boolean;
}

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running every timer that falls due, in time order. */
  advance(ms: number): void;
}

/**
 * A clock that only moves when told to: for deterministic physics tests (a fade, energy over an hour)
 * without waiting in real time.
 */
export function createManualClock(startMs = 0): ManualClock {
  let current = startMs;
  const timers: ManualTimer[] = [];
  const schedule = (callback: () => void, delayMs: number, period: number | undefined): ClockTimer => {
    const timer: ManualTimer = { at: current + Math.max(0, delayMs), period, callback, cancelled: false };
    timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  };
  const clock: ManualClock = {
    speed: 1,
    now: () => current,
    setTimeout: (callback, delayMs) => schedule(callback, delayMs, undefined),
    setInterval: (callback, periodMs) => schedule(callback, periodMs, Math.max(1, periodMs)),
    sleep: (ms) => new Promise((resolve) => schedule(resolve, ms, undefined)),
    advance(ms) {
      const target = current + ms;
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        current = due.at;
        if (due.period === undefined) due.cancelled = true;
        else due.at += due.period;
        due.callback();
      }
      for (let i = timers.length - 1; i >= 0; i--) if (timers[i]!.cancelled) timers.splice(i, 1);
      current = target;
    },
  };
  return clock;
}

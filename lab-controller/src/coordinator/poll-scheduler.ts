/**
 * When each poll job is due, and when each dead unit is probed. One timer for the whole
 * connection, set to the earliest due time.
 *
 * Each job keeps its own grid (due, due + interval, …): a late poll does not shift the phase, and
 * a job still queued or in flight when it is due again is skipped, not queued twice. That skip is
 * a missed poll; after `staleAfterMissedPolls` of them in a row its points turn stale.
 * Jobs of a dead unit are not queued at all; instead one of them is queued as a probe at the
 * unit's next probe time (unit-health.ts), so the dead unit costs one timeout per backoff interval.
 */
import type { PointUpdate } from './contract.ts';
import type { DeviceRuntime, PollJob } from './device-runtime.ts';
import type { UnitHealth, UnitRegistry } from './unit-health.ts';
import type { PollWork } from './work-items.ts';
import { Priority } from './work-queue.ts';

export interface PollSchedulerHost {
  now(): number;
  devices(): Iterable<DeviceRuntime>;
  units: UnitRegistry;
  /** Whether polling may run now (link up, not stopped). */
  active(): boolean;
  enqueue(work: PollWork): void;
  /** Called after due jobs were queued, to start them. */
  dispatch(): void;
  emitPoints(device: DeviceRuntime, updates: PointUpdate[]): void;
}

/**
 * After a write the device is read back every 20 ms for a while, so the twin shows the effect (and a
 * DALI fade, 0.7–90 s, protocols.md §1.4) as it happens instead of one poll interval later.
 */
export const FOLLOW_UP_INTERVAL_MS = 20;
export const FOLLOW_UP_WINDOW_MS = 3000;

export class PollScheduler {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(private readonly host: PollSchedulerHost) {}

  private *jobs(): Generator<PollJob> {
    for (const device of this.host.devices()) yield* device.jobs;
  }

  /** Re-arms the timer for the earliest due job or probe. */
  reschedule(): void {
    this.cancel();
    if (!this.host.active()) return;
    let earliest = Infinity;
    for (const job of this.jobs()) {
      if (!this.host.units.get(job.request.unit).dead) earliest = Math.min(earliest, job.nextDue);
    }
    for (const unit of this.host.units.all()) {
      if (unit.dead && !unit.probeInFlight) earliest = Math.min(earliest, unit.nextProbeAt);
    }
    if (earliest === Infinity) return;
    const delay = earliest - this.host.now();
    // Already due (a poll that came back late, a fast poll group): go on the next turn of the event
    // loop, not after a timer's minimum of 1 ms, so polling saturates the link instead of the timer.
    if (delay <= 0) this.immediate = setImmediate(() => this.wake());
    else this.timer = setTimeout(() => this.wake(), delay);
  }

  cancel(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** Makes the jobs matching the predicate due now (after a write, or when a unit comes back). */
  pollSoon(matches: (job: PollJob) => boolean): void {
    const now = this.host.now();
    for (const job of this.jobs()) if (matches(job)) job.nextDue = Math.min(job.nextDue, now);
    this.reschedule();
  }

  /** Polls the matching jobs at once, then every FOLLOW_UP_INTERVAL_MS until the window closes. */
  followUp(matches: (job: PollJob) => boolean, windowMs = FOLLOW_UP_WINDOW_MS): void {
    const until = this.host.now() + windowMs;
    for (const job of this.jobs()) {
      if (matches(job) && job.intervalMs > FOLLOW_UP_INTERVAL_MS) job.followUntil = until;
    }
    this.pollSoon(matches);
  }

  /** Every job due now, as after a (re)connection. */
  restartAll(): void {
    const now = this.host.now();
    for (const job of this.jobs()) {
      Object.assign(job, { nextDue: now, busy: false, missed: 0, answeredSinceDue: true });
    }
    this.reschedule();
  }

  private wake(): void {
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.host.active()) return;
    const now = this.host.now();
    for (const job of this.jobs()) {
      if (job.nextDue <= now && !this.host.units.get(job.request.unit).dead) this.due(job, now);
    }
    for (const unit of this.host.units.all()) {
      if (unit.dead && !unit.probeInFlight && unit.nextProbeAt <= now) this.probe(unit);
    }
    this.reschedule();
    this.host.dispatch();
  }

  private due(job: PollJob, now: number): void {
    // An interval of 0 polls back to back, as fast as the link answers (benchmarks, data capture).
    // Such a job is due at every wake-up: while it waits in the queue or is in flight, that is not
    // a missed poll (counting it flapped points stale/good on every request).
    if (job.intervalMs <= 0 && job.busy) return;
    if (job.intervalMs <= 0) job.nextDue = now;
    else if (job.followUntil !== undefined && now < job.followUntil)
      job.nextDue = now + FOLLOW_UP_INTERVAL_MS;
    else job.nextDue += (Math.floor((now - job.nextDue) / job.intervalMs) + 1) * job.intervalMs;
    if (!job.answeredSinceDue && ++job.missed >= job.device.staleAfterMissedPolls) {
      this.host.emitPoints(
        job.device,
        job.device.points.setQuality(job.request.points, 'stale', now, ['good']),
      );
    }
    job.answeredSinceDue = false;
    if (job.busy) return;
    job.busy = true;
    this.host.enqueue({ kind: 'poll', priority: Priority.Poll, unit: job.request.unit, job, probe: false });
  }

  private probe(unit: UnitHealth): void {
    for (const job of this.jobs()) {
      if (job.request.unit !== unit.unit || job.busy) continue;
      unit.probeInFlight = true;
      job.busy = true;
      this.host.enqueue({ kind: 'poll', priority: Priority.Poll, unit: unit.unit, job, probe: true });
      return;
    }
  }
}

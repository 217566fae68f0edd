/**
 * What the coordinator keeps per device: its poll jobs (one per planned request), point states,
 * statistics, status and last error.
 *
 * Poll jobs are planned once from the driver (`planReads` per poll group, so the driver's register
 * merging applies) and re-planned only when the driver's point list changes. A device whose driver
 * pushes values (`subscribe`) has no poll jobs: subscriptions.ts feeds its points.
 */
import type { ReadRequest } from '@phare/device-drivers/contract.ts';
import { PhareError } from '@phare/device-drivers/errors.ts';
import type { DeviceStatus } from '../api/wire.ts';
import type { CoordinatedDevice } from './contract.ts';
import { DeviceStatsRecorder } from './device-stats.ts';
import { PointStates } from './point-states.ts';

export const DEFAULT_STALE_AFTER_MISSED_POLLS = 3;

export interface PollJob {
  device: DeviceRuntime;
  request: ReadRequest;
  intervalMs: number;
  /** Next due time on the job's own grid (due + k·interval), so a late poll never shifts the phase. */
  nextDue: number;
  /** Queued or in flight: a job is never queued twice. */
  busy: boolean;
  /** Due times passed without a fresh answer; at staleAfterMissedPolls the points turn stale. */
  missed: number;
  answeredSinceDue: boolean;
  /** Until this time the job is polled every FOLLOW_UP_INTERVAL_MS: a write's effect is being watched. */
  followUntil?: number;
}

export interface LastError {
  code: string;
  message: string;
  at: number;
  detail?: Record<string, unknown>;
}

export function describeError(error: unknown, at: number): LastError {
  if (error instanceof PhareError) {
    return {
      code: error.code,
      message: error.message,
      at,
      ...(error.detail ? { detail: error.detail } : {}),
    };
  }
  return { code: 'PROTOCOL_EXCEPTION', message: error instanceof Error ? error.message : String(error), at };
}

export class DeviceRuntime {
  readonly id: string;
  readonly stats: DeviceStatsRecorder;
  readonly points: PointStates;
  jobs: PollJob[] = [];
  status: DeviceStatus = 'connecting';
  lastError: LastError | null = null;
  /** Requests whose last answer was a protocol refusal (points bad, device degraded). */
  readonly failingRequests = new Set<string>();
  answeredSinceLinkUp = false;
  planError: LastError | null = null;
  /** The driver pushes values (subscriptions.ts); it is never polled. */
  readonly pushed: boolean;
  /** Why the last subscribe was refused, until one succeeds. */
  subscriptionError: LastError | null = null;
  private signature = '';

  constructor(
    readonly spec: CoordinatedDevice,
    now: number,
  ) {
    this.id = spec.id;
    this.stats = new DeviceStatsRecorder(now);
    this.points = new PointStates([], now);
    this.pushed = typeof spec.driver.subscribe === 'function';
    this.plan(now);
  }

  get staleAfterMissedPolls(): number {
    return Math.max(1, this.spec.staleAfterMissedPolls ?? DEFAULT_STALE_AFTER_MISSED_POLLS);
  }

  /** (Re)plans the poll jobs if the driver's points changed since the last plan. */
  plan(now: number): void {
    let info;
    try {
      info = this.spec.driver.points();
      const signature = JSON.stringify(info.map((p) => [p.id, p.access, p.pollGroup ?? '']));
      if (signature === this.signature) return;
      if (this.pushed) {
        this.points.ensure(
          info.filter((p) => p.access !== 'write').map((p) => p.id),
          now,
        );
        this.signature = signature;
        this.planError = null;
        return;
      }
      const intervals = this.spec.pollIntervalsMs;
      const byGroup = new Map<string, string[]>();
      for (const point of info) {
        if (point.access === 'write') continue;
        const group =
          point.pollGroup !== undefined && intervals[point.pollGroup] ? point.pollGroup : 'default';
        byGroup.set(group, [...(byGroup.get(group) ?? []), point.id]);
      }
      const jobs: PollJob[] = [];
      for (const [group, ids] of byGroup) {
        const intervalMs = intervals[group] ?? intervals['default'] ?? 1_000;
        for (const request of this.spec.driver.planReads(ids)) {
          jobs.push({
            device: this,
            request,
            intervalMs,
            nextDue: now,
            busy: false,
            missed: 0,
            answeredSinceDue: true,
          });
        }
        this.points.ensure(ids, now);
      }
      this.jobs = jobs;
      this.signature = signature;
      this.planError = null;
    } catch (error) {
      this.jobs = [];
      this.planError = describeError(error, now);
    }
  }

  /** Units this device's requests talk to, in plan order. */
  units(): string[] {
    return [...new Set(this.jobs.map((job) => job.request.unit))];
  }

  /** Unit used to account for writes (devices have one unit in practice). */
  writeUnit(): string {
    return this.units()[0] ?? `device:${this.id}`;
  }

  pointsOnUnit(unit: string): string[] {
    return this.jobs.filter((job) => job.request.unit === unit).flatMap((job) => job.request.points);
  }
}

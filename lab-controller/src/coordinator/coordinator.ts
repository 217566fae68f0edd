/**
 * One coordinator per connection (contract.ts, ARCHITECTURE.md §2): poll scheduling, a priority
 * queue shared by polls, one-shot reads and writes, isolation of dead units, reconnection,
 * point quality and statistics. Drivers only translate; everything that involves time is here.
 *
 * - Polls: each planned request is a poll job (poll-scheduler.ts). The queue (work-queue.ts) hands
 *   out work by priority (writes > readNow > polls) to units with a free slot: one request in flight
 *   per unit, one per connection on a serial line, at most `maxInFlight` on TCP (protocols.md §3.4:
 *   many gateways handle one transaction at a time).
 * - Failures (home-assistant update_coordinator: raise, never serve stale as fresh; log once):
 *   Timeout: after `unitDeadAfterTimeouts` in a row the unit is dead (unit-health.ts): its points go
 *   offline and it is only probed with backoff, so its neighbours keep their rate (Node-RED lesson).
 *   ProtocolException: the unit answered; the request's points are `bad`, the device `degraded`.
 *   Disconnected: every device offline; link-supervisor.ts reconnects by itself with backoff.
 * - Other units' queued work is never dropped when one unit fails; only the dead unit's polls are.
 * - Devices whose driver pushes values (`subscribe`) are not polled: subscriptions.ts subscribes
 *   them once per link and follows the link's own status.
 */
import {
  silentLogger,
  type Link,
  type Logger,
  type PointReading,
  type PointWrite,
  type ReadRequest,
  type WriteReport,
} from '@phare/device-drivers/contract.ts';
import {
  Canceled,
  Disconnected,
  PhareError,
  ProtocolException,
  UnknownPoint,
  asPhareError,
} from '@phare/device-drivers/errors.ts';
import type { DeviceStats, DeviceStatus } from '../api/wire.ts';
import { DEFAULT_BACKOFF } from './backoff.ts';
import type { Coordinator, CoordinatorEvents } from './contract.ts';
import { CoordinatorEmitter } from './coordinator-events.ts';
import { DeviceRuntime, describeError, type LastError } from './device-runtime.ts';
import { applyStatus, deriveStatus } from './device-status.ts';
import { LinkSupervisor } from './link-supervisor.ts';
import {
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_UNIT_DEAD_AFTER_TIMEOUTS,
  probePolicy,
  type CoordinatorOptions,
} from './options.ts';
import { PollScheduler } from './poll-scheduler.ts';
import { SubscriptionManager } from './subscriptions.ts';
import { UnitRegistry, isSilence, type UnitHealth } from './unit-health.ts';
import {
  deviceOf,
  linkFailureOf,
  queueReadNow,
  queueWrite,
  readWithDeadline,
  requestOf,
  writeWithDeadline,
  type Work,
  type WriteWork,
} from './work-items.ts';
import { WorkQueue } from './work-queue.ts';

export type { CoordinatorOptions } from './options.ts';

class ConnectionCoordinator implements Coordinator {
  readonly connectionKey: string;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly devices = new Map<string, DeviceRuntime>();
  private readonly units: UnitRegistry;
  private readonly queue = new WorkQueue<Work>();
  private readonly supervisor: LinkSupervisor;
  private readonly scheduler: PollScheduler;
  private readonly emitter: CoordinatorEmitter;
  private readonly subscriptions: SubscriptionManager;
  private readonly running = new Set<Promise<void>>();
  private readonly unitInFlight = new Map<string, number>();
  private inFlight = 0;
  private stopped = false;

  constructor(private readonly options: CoordinatorOptions) {
    this.connectionKey = options.connectionKey;
    this.logger = (options.logger ?? silentLogger).child(`coordinator:${options.connectionKey}`);
    const clock = options.clock ?? Date;
    this.now = () => clock.now();
    const random = options.random ?? Math.random;
    this.emitter = new CoordinatorEmitter(this.logger);
    this.units = new UnitRegistry(
      options.unitDeadAfterTimeouts ?? DEFAULT_UNIT_DEAD_AFTER_TIMEOUTS,
      probePolicy(options),
      random,
    );
    for (const spec of options.devices) this.devices.set(spec.id, new DeviceRuntime(spec, this.now()));
    this.supervisor = new LinkSupervisor({
      connectionKey: options.connectionKey,
      openLink: options.openLink,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      random,
      logger: this.logger,
      onUp: (link, generation, reconnect) => {
        this.onLinkUp(reconnect);
        this.subscriptions.linkUp(link, generation);
      },
      onDown: (error) => {
        this.subscriptions.linkDown();
        this.onLinkDown(error);
      },
    });
    this.subscriptions = new SubscriptionManager({
      ...{ now: this.now, random, logger: this.logger, backoff: options.backoff ?? DEFAULT_BACKOFF },
      devices: () => this.devices.values(),
      emitPoints: (device, updates) => this.emitter.points(device.id, updates),
      refreshStatus: (device, error) => this.refreshStatus(device, error),
      lost: (generation, error) => this.supervisor.lost(generation, error),
    });
    this.scheduler = new PollScheduler({
      now: this.now,
      devices: () => this.devices.values(),
      units: this.units,
      active: () => !this.stopped && this.supervisor.state === 'up',
      enqueue: (work) => this.queue.push(work),
      dispatch: () => this.pump(),
      emitPoints: (device, updates) => this.emitter.points(device.id, updates),
    });
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────────

  start(): void {
    if (this.stopped) return;
    for (const device of this.devices.values()) this.refreshStatus(device);
    this.supervisor.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.emitter.muted = true;
    this.scheduler.cancel();
    this.rejectQueued(
      (device) =>
        new Canceled(`${device.id}: coordinator of ${this.connectionKey} stopped`, { device: device.id }),
    );
    await this.subscriptions.stop();
    await this.supervisor.stop();
    await Promise.allSettled([...this.running]);
  }

  private rejectQueued(error: (device: DeviceRuntime) => PhareError): void {
    for (const work of this.queue.remove()) if (work.kind !== 'poll') work.settle.reject(error(work.device));
  }

  private onLinkUp(reconnect: boolean): void {
    const now = this.now();
    for (const unit of this.units.all()) unit.reset();
    for (const device of this.devices.values()) {
      if (reconnect) device.stats.recordReconnect();
      device.plan(now);
      device.answeredSinceLinkUp = false;
      device.failingRequests.clear();
      this.refreshStatus(device);
    }
    this.scheduler.restartAll();
    this.pump();
  }

  private onLinkDown(error: PhareError): void {
    this.scheduler.cancel();
    this.rejectQueued(
      (device) =>
        new Disconnected(`${device.id}: ${error.message}; not sent`, { device: device.id, cause: error }),
    );
    const now = this.now();
    for (const device of this.devices.values()) {
      device.lastError = describeError(error, now);
      this.emitter.points(device.id, device.points.setQuality(device.points.ids(), 'offline', now));
      this.refreshStatus(device, device.lastError);
    }
  }

  // ── dispatch and execution ───────────────────────────────────────────────────────────────────

  private pump(): void {
    const link = this.supervisor.link;
    if (this.stopped || this.supervisor.state !== 'up' || !link) return;
    const cap = link.isSerialLine ? 1 : Math.max(1, this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    while (this.inFlight < cap) {
      const work = this.queue.takeNext((unit) => (this.unitInFlight.get(unit) ?? 0) < 1);
      if (!work) break;
      this.inFlight++;
      this.unitInFlight.set(work.unit, (this.unitInFlight.get(work.unit) ?? 0) + 1);
      const task = this.execute(work, link, this.supervisor.generation).finally(() => {
        this.inFlight--;
        this.unitInFlight.set(work.unit, (this.unitInFlight.get(work.unit) ?? 1) - 1);
        this.running.delete(task);
        this.pump();
      });
      this.running.add(task);
    }
  }

  private async execute(work: Work, link: Link, generation: number): Promise<void> {
    const started = this.now();
    try {
      if (work.kind === 'write') {
        const report = await writeWithDeadline(work, link, this.connectionKey);
        this.afterWrite(work, report, started, generation);
        work.settle.resolve(report);
      } else {
        const request = requestOf(work);
        const readings = await readWithDeadline(work, link, this.connectionKey);
        this.afterRead(work, request, readings, started, generation);
        if (work.kind === 'readNow') work.settle.resolve(readings);
      }
    } catch (raw) {
      const error = asPhareError(raw, (message, ctx) => new ProtocolException(message, ctx), {
        device: deviceOf(work).id,
      });
      try {
        this.afterFailure(work, error, started, generation);
      } catch (bug) {
        this.logger.error('coordinator failed to handle a request failure', { error: String(bug) });
      }
      if (work.kind !== 'poll') work.settle.reject(error);
    }
  }

  // ── results ──────────────────────────────────────────────────────────────────────────────────

  private releaseJob(work: Work, generation: number): void {
    if (work.kind !== 'poll' || generation !== this.supervisor.generation) return;
    work.job.busy = false;
    if (work.probe) this.units.get(work.unit).probeInFlight = false;
  }

  private afterRead(
    work: Work,
    request: ReadRequest,
    readings: PointReading[],
    started: number,
    generation: number,
  ): void {
    this.releaseJob(work, generation);
    if (this.stopped) return;
    const device = deviceOf(work);
    const now = this.now();
    device.stats.record({ at: now, latencyMs: now - started, ok: true, poll: work.kind === 'poll' });
    if (generation !== this.supervisor.generation) return;
    this.unitAnswered(request.unit);
    device.answeredSinceLinkUp = true;
    // Answering only with values flagged bad (garbage on a serial line, nothing decodable) is
    // reachable but not working: degraded, as a refused request is; a good value clears it.
    let cause: LastError | undefined;
    if (readings.length > 0 && readings.every((r) => r.quality === 'bad')) {
      if (!device.failingRequests.has(request.key)) {
        const problem = `${device.id}: every value of ${request.key} came back flagged bad (noise or undecodable data)`;
        cause = describeError(new ProtocolException(problem, { device: device.id }), now);
        device.lastError = cause;
      }
      device.failingRequests.add(request.key);
    } else device.failingRequests.delete(request.key);
    if (work.kind === 'poll') {
      Object.assign(work.job, { missed: 0, answeredSinceDue: true });
      if (work.job.nextDue <= now) this.scheduler.reschedule(); // due again already: no timer wait
    }
    this.emitter.points(device.id, device.points.applyReadings(readings, now));
    this.refreshStatus(device, cause);
  }

  private afterWrite(work: WriteWork, report: WriteReport, started: number, generation: number): void {
    if (this.stopped) return;
    const now = this.now();
    const linkFailure = linkFailureOf(report);
    if (linkFailure) {
      this.afterFailure(work, linkFailure, started, generation);
      return;
    }
    work.device.stats.record({ at: now, latencyMs: now - started, ok: true });
    if (generation !== this.supervisor.generation) return;
    this.unitAnswered(work.unit);
    // Read the device back at once and closely for a while: the twin shows the effect as it happens.
    this.scheduler.followUp((job) => job.device === work.device);
  }

  private afterFailure(work: Work, error: PhareError, started: number, generation: number): void {
    this.releaseJob(work, generation);
    if (this.stopped || error.code === 'CANCELED') return;
    const device = deviceOf(work);
    const now = this.now();
    device.stats.record({ at: now, latencyMs: now - started, ok: false, timeout: error.code === 'TIMEOUT' });
    if (generation !== this.supervisor.generation) return;
    if (error.code === 'DISCONNECTED') {
      this.supervisor.lost(generation, error);
      return;
    }
    device.lastError = describeError(error, now);
    if (isSilence(error)) {
      const health = this.units.get(work.unit);
      if (health.recordSilence(now)) this.onUnitDead(health, error);
      this.scheduler.reschedule();
    } else if (error.code === 'PROTOCOL_EXCEPTION') {
      this.unitAnswered(work.unit);
      if (work.kind !== 'write') {
        const request = requestOf(work);
        device.failingRequests.add(request.key);
        this.emitter.points(device.id, device.points.setQuality(request.points, 'bad', now));
      }
    }
    this.refreshStatus(device, device.lastError);
  }

  private unitAnswered(unit: string): void {
    if (!this.units.get(unit).recordAnswer()) return;
    this.logger.info(`unit ${unit} on ${this.connectionKey} answers again; polling resumes`);
    for (const device of this.devices.values()) this.refreshStatus(device);
    this.scheduler.pollSoon((job) => job.request.unit === unit);
  }

  private onUnitDead(health: UnitHealth, error: PhareError): void {
    const now = this.now();
    this.logger.warn(
      `unit ${health.unit} on ${this.connectionKey} stopped answering; probing it with backoff`,
      {
        error: error.message,
      },
    );
    for (const work of this.queue.remove((item) => item.kind === 'poll' && item.unit === health.unit)) {
      if (work.kind === 'poll') work.job.busy = false;
    }
    for (const device of this.devices.values()) {
      const points = device.pointsOnUnit(health.unit);
      if (points.length === 0) continue;
      this.emitter.points(device.id, device.points.setQuality(points, 'offline', now));
      this.refreshStatus(device, describeError(error, now));
    }
  }

  private refreshStatus(device: DeviceRuntime, error?: LastError | null): void {
    const next = deriveStatus(device, {
      linkState: this.supervisor.state,
      linkHasFailed: this.supervisor.hasFailed,
      linkImpaired: this.subscriptions.linkImpaired,
      isDead: (unit) => this.units.get(unit).dead,
    });
    const change = applyStatus(device, next, error, this.logger);
    if (change) this.emitter.status(device.id, next, change.cause);
  }

  // ── public API ───────────────────────────────────────────────────────────────────────────────

  on<E extends keyof CoordinatorEvents>(event: E, listener: CoordinatorEvents[E]): void {
    this.emitter.on(event, listener);
  }

  off<E extends keyof CoordinatorEvents>(event: E, listener: CoordinatorEvents[E]): void {
    this.emitter.off(event, listener);
  }

  private device(deviceId: string): DeviceRuntime {
    const device = this.devices.get(deviceId);
    if (!device) {
      throw new UnknownPoint(`no device "${deviceId}" on ${this.connectionKey}`, { device: deviceId });
    }
    return device;
  }

  /** While reconnecting, requests fail fast instead of landing minutes later (FUXA lesson, §7). */
  private refuseIfDown(device: DeviceRuntime, what: string): void {
    const refusal = this.stopped
      ? new Canceled(`${device.id}: coordinator of ${this.connectionKey} is stopped; ${what} not sent`, {
          device: device.id,
        })
      : this.supervisor.refusal(device.id, what);
    if (refusal) throw refusal;
  }

  async write(deviceId: string, writes: PointWrite[]): Promise<WriteReport> {
    const device = this.device(deviceId);
    this.refuseIfDown(device, 'write');
    const report = queueWrite(this.queue, device, writes);
    this.pump();
    return report;
  }

  async readNow(deviceId: string, pointIds: string[]): Promise<PointReading[]> {
    const device = this.device(deviceId);
    this.refuseIfDown(device, 'read');
    const readings = queueReadNow(this.queue, device, pointIds);
    this.pump();
    return readings;
  }

  status(deviceId: string): DeviceStatus {
    return this.device(deviceId).status;
  }

  lastError(deviceId: string): LastError | null {
    return this.device(deviceId).lastError;
  }

  stats(deviceId: string): DeviceStats {
    return this.device(deviceId).stats.snapshot(this.now());
  }
}

export function createCoordinator(options: CoordinatorOptions): Coordinator {
  return new ConnectionCoordinator(options);
}

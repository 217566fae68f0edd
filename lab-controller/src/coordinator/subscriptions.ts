/**
 * Pushed values: devices whose driver has `subscribe` (OPC-UA monitored items) are not polled.
 * The coordinator hands each new link here; this file subscribes every pushed device once per link.
 *
 * - Once per link, never twice: a subscription belongs to the link generation that made it. A new
 *   link (the old one was replaced after Disconnected) closes what is left of the old generation
 *   and subscribes again; a late answer from an old generation is closed at once, never kept.
 * - A link that repairs itself (Link.onStatus, OPC-UA keep-alive and session repair) keeps its
 *   subscriptions: while it says it is not online, the device and its points are offline; when it
 *   is online again the server re-sends each item's value (node-opcua re-creates the same items).
 * - Quality comes from the readings (the server's StatusCode: Good → good, else bad). A value that
 *   does not change is not stale: OPC-UA notifies changes only, and the link's keep-alive says the
 *   server is there. Only with `staleAfterMs` (site `opcua.maxAgeMs`) does a point with no
 *   notification for that long turn stale (a frozen sensor); its next notification makes it good.
 * - Right after subscribing, the points no notification has reached yet are read once: a server
 *   may send an item's first value before the client can route it (we saw one point in thirty-two
 *   stay silent), and an unchanging value would then never come. A value heard meanwhile wins.
 * - A subscription refused by the device (a node id unknown) leaves the device offline with the
 *   error and is retried with jittered backoff; Disconnected hands the link back to the supervisor.
 */
import type {
  DriverStatus,
  Link,
  Logger,
  PointReading,
  PointSubscription,
} from '@phare/device-drivers/contract.ts';
import {
  asPhareError,
  Disconnected,
  ProtocolException,
  type PhareError,
} from '@phare/device-drivers/errors.ts';
import { fullJitterDelay, type BackoffPolicy } from './backoff.ts';
import type { PointUpdate } from './contract.ts';
import { describeError, type DeviceRuntime, type LastError } from './device-runtime.ts';

export interface SubscriptionHost {
  now(): number;
  devices(): Iterable<DeviceRuntime>;
  emitPoints(device: DeviceRuntime, updates: PointUpdate[]): void;
  refreshStatus(device: DeviceRuntime, error?: LastError | null): void;
  /** The link of `generation` is unusable: the supervisor replaces it. */
  lost(generation: number, error: PhareError): void;
  backoff: BackoffPolicy;
  random: () => number;
  logger: Logger;
}

interface Held {
  generation: number;
  subscription: PointSubscription;
}

export class SubscriptionManager {
  /** True while the current link says it is not online (it is repairing itself). */
  linkImpaired = false;
  private generation = 0;
  private stopped = false;
  private readonly held = new Map<string, Held>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private readonly lastHeard = new Map<string, Map<string, number>>();
  private unwatch: (() => void) | undefined;
  private staleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: SubscriptionHost) {}

  private *pushed(): Generator<DeviceRuntime> {
    for (const device of this.host.devices()) if (device.pushed) yield device;
  }

  /** A new link is up: subscribe every pushed device on it. */
  linkUp(link: Link, generation: number): void {
    if (this.stopped) return;
    void this.release(); // closes nothing twice; the old link is closed by the supervisor anyway
    this.generation = generation;
    this.linkImpaired = false;
    this.unwatch = link.onStatus?.((status, reason) => this.onLinkStatus(status, reason));
    let any = false;
    for (const device of this.pushed()) {
      any = true;
      device.subscriptionError = null;
      void this.subscribe(device, link, generation, 0);
    }
    if (any) this.armStaleCheck();
  }

  /** The link is gone: its subscriptions go with it (closed, idempotently). */
  linkDown(): void {
    this.generation = -1;
    void this.release();
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.release();
  }

  private release(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    clearInterval(this.staleTimer);
    this.staleTimer = undefined;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    const closing = [...this.held.values()].map((h) => h.subscription.close().catch(() => undefined));
    this.held.clear();
    return Promise.all(closing).then(() => undefined);
  }

  private async subscribe(
    device: DeviceRuntime,
    link: Link,
    generation: number,
    attempt: number,
  ): Promise<void> {
    const ids = device.spec.driver
      .points()
      .filter((p) => p.access !== 'write')
      .map((p) => p.id);
    const heard = new Map<string, number>();
    let subscription: PointSubscription;
    try {
      subscription = await device.spec.driver.subscribe!(link, ids, (reading) =>
        this.onReading(device, generation, heard, reading),
      );
    } catch (raw) {
      if (generation !== this.generation || this.stopped) return;
      const error = asPhareError(raw, (message, ctx) => new ProtocolException(message, ctx), {
        device: device.id,
      });
      if (error.code === 'DISCONNECTED' || error.code === 'TIMEOUT') {
        this.host.lost(
          generation,
          error instanceof Disconnected
            ? error
            : new Disconnected(error.message, { device: device.id, cause: error }),
        );
        return;
      }
      const now = this.host.now();
      device.subscriptionError = describeError(error, now);
      device.lastError = device.subscriptionError;
      this.host.emitPoints(device, device.points.setQuality(ids, 'offline', now));
      this.host.refreshStatus(device, device.subscriptionError);
      const delay = fullJitterDelay(attempt, this.host.backoff, this.host.random);
      this.host.logger.debug(`${device.id}: subscribe failed, retrying in ${delay} ms`, {
        error: error.message,
      });
      this.retries.set(
        device.id,
        setTimeout(() => {
          this.retries.delete(device.id);
          if (generation === this.generation) void this.subscribe(device, link, generation, attempt + 1);
        }, delay),
      );
      return;
    }
    if (generation !== this.generation || this.stopped) {
      await subscription.close().catch(() => undefined);
      return;
    }
    const previous = this.held.get(device.id);
    this.held.set(device.id, { generation, subscription });
    this.lastHeard.set(device.id, heard);
    if (previous) await previous.subscription.close().catch(() => undefined);
    device.subscriptionError = null;
    this.host.refreshStatus(device);
    await this.seed(device, link, generation, ids, heard);
  }

  /** One read of the points not heard yet; a failure is left to the notifications and the link. */
  private async seed(
    device: DeviceRuntime,
    link: Link,
    generation: number,
    ids: string[],
    heard: Map<string, number>,
  ): Promise<void> {
    try {
      const { driver } = device.spec;
      for (const request of driver.planReads(ids.filter((id) => !heard.has(id)))) {
        const readings = await driver.read(link, request);
        if (generation !== this.generation || this.stopped) return;
        const unheard = readings.filter((r) => !heard.has(r.point));
        const now = this.host.now();
        for (const reading of unheard) heard.set(reading.point, now);
        if (unheard.length > 0) device.answeredSinceLinkUp = true;
        this.host.emitPoints(device, device.points.applyReadings(unheard, now));
        this.host.refreshStatus(device);
      }
    } catch (error) {
      this.host.logger.debug(`${device.id}: first read after subscribing failed`, { error: String(error) });
    }
  }

  private onReading(
    device: DeviceRuntime,
    generation: number,
    heard: Map<string, number>,
    reading: PointReading,
  ): void {
    if (generation !== this.generation || this.stopped) return;
    const now = this.host.now();
    heard.set(reading.point, now);
    device.answeredSinceLinkUp = true;
    // The point's timestamp is the server's source time when it gives one (PointStates).
    this.host.emitPoints(device, device.points.applyReadings([reading], now));
    this.host.refreshStatus(device);
  }

  private onLinkStatus(status: DriverStatus, reason: string | undefined): void {
    if (this.stopped) return;
    const now = this.host.now();
    if (status === 'online') {
      this.linkImpaired = false;
      this.host.logger.info('link is online again; monitored items resume', { reason });
      for (const device of this.pushed()) this.host.refreshStatus(device);
      return;
    }
    this.linkImpaired = true;
    const error: LastError = {
      code: 'DISCONNECTED',
      message: `link ${status}${reason ? `: ${reason}` : ''}; values resume when it is repaired`,
      at: now,
    };
    for (const device of this.pushed()) {
      device.lastError = error;
      device.answeredSinceLinkUp = false;
      this.host.emitPoints(device, device.points.setQuality(device.points.ids(), 'offline', now));
      this.host.refreshStatus(device, error);
    }
  }

  /** Marks stale the pushed points silent for longer than their device's staleAfterMs. */
  private armStaleCheck(): void {
    const ages = [...this.pushed()].flatMap((d) => (d.spec.staleAfterMs ? [d.spec.staleAfterMs] : []));
    if (ages.length === 0) return;
    this.staleTimer = setInterval(() => this.checkStale(), Math.max(100, Math.min(...ages) / 4));
    this.staleTimer.unref();
  }

  private checkStale(): void {
    if (this.linkImpaired) return;
    const now = this.host.now();
    for (const device of this.pushed()) {
      const maxAge = device.spec.staleAfterMs;
      const heard = this.lastHeard.get(device.id);
      if (!maxAge || !heard) continue;
      const silent = [...heard].filter(([, at]) => now - at > maxAge).map(([point]) => point);
      this.host.emitPoints(device, device.points.setQuality(silent, 'stale', now, ['good']));
    }
  }
}

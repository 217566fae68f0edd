/**
 * The device under test, opened once per run from a profile and an endpoint: the profile's driver,
 * its link, and the three rules that keep a vendor's device safe while the suite runs:
 *
 * - rate limit: at least `minRequestIntervalMs` between two requests (the suite never floods a
 *   device; a real gateway has a small CPU and a DALI bus behind it);
 * - a deadline on every request, beyond the driver's own timeout, so nothing can hang the run;
 * - writes only through `write`, which the write checks call after their own limits gate
 *   (safe-write.ts); nothing else in the suite writes.
 *
 * The link can be dropped and reopened (robustness checks, or after a check overran its time).
 */
import type {
  Driver,
  Link,
  Logger,
  PointReading,
  PointWrite,
  WriteReport,
} from '@phare/device-drivers/contract.ts';
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { Timeout } from '@phare/device-drivers/errors.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import type { Profile } from '../config/schema/profile.ts';
import type { InteropTarget, TargetOptions } from './target.ts';

export interface SessionOptions extends TargetOptions {
  minRequestIntervalMs: number;
  logger: Logger;
}

export interface TimedReadings {
  readings: PointReading[];
  /** Round-trip time of each request, ms. */
  latenciesMs: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class DeviceSession {
  private current: Link | undefined;
  private lastRequestAt = 0;
  private paceChain: Promise<void> = Promise.resolve();
  /** Requests the suite handed to the driver, for devices without wire counters. */
  driverCalls = 0;

  constructor(
    readonly profile: Profile,
    readonly endpoint: Endpoint,
    readonly target: InteropTarget,
    private readonly options: SessionOptions,
  ) {}

  get driver(): Driver<Link> {
    return this.target.driver;
  }

  get link(): Link | undefined {
    return this.current;
  }

  get isOpen(): boolean {
    return this.current !== undefined;
  }

  /** Per-request deadline: the profile's timeout plus room for retries (SDI-12 measurements take seconds). */
  get requestDeadlineMs(): number {
    return this.target.requestDeadlineMs;
  }

  async open(): Promise<Link> {
    if (this.current) return this.current;
    const link = await this.withDeadline(
      this.target.openLink(),
      this.target.requestDeadlineMs + 2000,
      `open ${this.endpoint.uri}`,
    );
    this.current = link;
    link.onClose(() => {
      if (this.current === link) this.current = undefined;
    });
    return link;
  }

  async close(): Promise<void> {
    const link = this.current;
    this.current = undefined;
    await link?.close().catch(() => undefined);
  }

  async reopen(): Promise<Link> {
    await this.close();
    return this.open();
  }

  /** Requests on the wire so far, when the protocol client counts them (Modbus). */
  wireRequests(): number | undefined {
    const link = this.current as Partial<ModbusClient> | undefined;
    return link?.counters?.requests;
  }

  /** Reads points as the driver plans them (merged), one request at a time, rate-limited and timed. */
  async read(pointIds: string[]): Promise<TimedReadings> {
    const link = await this.open();
    const readings: PointReading[] = [];
    const latenciesMs: number[] = [];
    for (const request of this.driver.planReads(pointIds)) {
      await this.pace();
      const started = performance.now();
      this.driverCalls++;
      readings.push(
        ...(await this.withDeadline(this.driver.read(link, request), this.requestDeadlineMs, request.key)),
      );
      latenciesMs.push(performance.now() - started);
    }
    return { readings, latenciesMs };
  }

  /** One point, one request of its own: a missing register fails only its own point. */
  async readOne(pointId: string): Promise<{ reading: PointReading; latencyMs: number }> {
    const { readings, latenciesMs } = await this.read([pointId]);
    const reading = readings.find((r) => r.point === pointId) ?? {
      point: pointId,
      value: null,
      quality: 'bad',
    };
    return { reading, latencyMs: latenciesMs[0] ?? 0 };
  }

  /** Sends writes the caller has already checked against the limits (safe-write.ts). */
  async write(writes: PointWrite[]): Promise<WriteReport> {
    const link = await this.open();
    await this.pace();
    this.driverCalls++;
    return this.withDeadline(this.driver.write(link, writes), this.requestDeadlineMs, 'write');
  }

  /** Waits for the rate limit, then holds the next slot; concurrent callers queue in order. */
  async pace(): Promise<void> {
    const turn = this.paceChain.then(async () => {
      const wait = this.lastRequestAt + this.options.minRequestIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      this.lastRequestAt = Date.now();
    });
    this.paceChain = turn.catch(() => undefined);
    await turn;
  }

  withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Timeout(`${this.profile.id} at ${this.endpoint.uri}: ${what} took more than ${ms} ms`, {
              detail: { deadlineMs: ms },
            }),
          ),
        ms,
      );
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  }
}

/**
 * A `firmata-board` device (device-builder.ts): an Arduino running StandardFirmata, on USB
 * (`firmata:///dev/ttyACM0`), a simulator's pty, or a serial device server
 * (`serial-tcp://host:port?protocol=firmata`). The profile's `components:` become the points of a
 * FirmataBoardDriver (device-drivers/src/firmata/), and the link is opened by openFirmataLink.
 *
 * Why a wrapper: the coordinator either polls a device or lets it push (subscriptions.ts), never
 * both, and a board needs both. Inputs (button, motion, sensor) are pushed by the board itself
 * (digital ports on change, analog channels every sampling interval), so polling them would miss a
 * short press. Outputs (led, servo, relay) are never reported by the board: their values are the
 * board's own record of what was last written (PIN_STATE_RESPONSE, protocols.md §6.3), asked for
 * every poll interval of the profile or site, and at once after a write so the twin shows it.
 * Firmata answers are matched by pin, not by order, so these queries need no place in the
 * coordinator's queue; one query is in flight at a time per subscription.
 *
 * A subscription belongs to its link: when the cable is pulled the link drops, the coordinator
 * closes the subscription (its poller stops, its report listener goes) and subscribes again on the
 * next link, where the driver watches the pins anew. Nothing is ever written at start (FUXA lesson).
 */
import type {
  Driver,
  DriverPointInfo,
  Link,
  Logger,
  PointReading,
  PointSubscription,
  PointWrite,
  ReadRequest,
  WriteReport,
} from '@phare/device-drivers/contract.ts';
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid, PhareError } from '@phare/device-drivers/errors.ts';
import { INPUT_TYPES } from '@phare/device-drivers/firmata/component-def.ts';
import {
  FirmataBoardDriver,
  openFirmataLink,
  type FirmataComponentDef,
  type FirmataLink,
} from '@phare/device-drivers/firmata/index.ts';
import type { ProfileInput, SiteDeviceInput } from './site-input.ts';

export interface FirmataDeviceOptions {
  components: FirmataComponentDef[];
  deviceId: string;
  /** Round trips to the board (pin state, first report). */
  timeoutMs: number;
  /** How often the outputs' pin states are asked for. */
  outputPollMs: number;
  logger: Logger;
}

/** FirmataBoardDriver with inputs pushed and outputs polled inside one subscription (see the top). */
export class FirmataDeviceDriver implements Driver {
  readonly protocol = 'firmata';
  private readonly board: FirmataBoardDriver;
  private readonly inputs = new Set<string>();
  private readonly pollers = new WeakMap<Link, Set<OutputPoller>>();

  constructor(private readonly options: FirmataDeviceOptions) {
    this.board = new FirmataBoardDriver({
      components: options.components,
      deviceId: options.deviceId,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
    });
    for (const def of options.components) if (INPUT_TYPES.has(def.type)) this.inputs.add(def.id);
  }

  points(): DriverPointInfo[] {
    return this.board.points();
  }

  planReads(pointIds: string[]): ReadRequest[] {
    return this.board.planReads(pointIds);
  }

  read(link: Link, request: ReadRequest): Promise<PointReading[]> {
    return this.board.read(link as FirmataLink, request);
  }

  async write(link: Link, writes: PointWrite[]): Promise<WriteReport> {
    const report = await this.board.write(link as FirmataLink, writes);
    if (report.outcomes.some((o) => o.ok))
      for (const poller of this.pollers.get(link) ?? []) poller.refresh();
    return report;
  }

  async subscribe(
    link: Link,
    pointIds: string[],
    onChange: (reading: PointReading) => void,
  ): Promise<PointSubscription> {
    const inputs = pointIds.filter((id) => this.inputs.has(id));
    const outputs = pointIds.filter((id) => !this.inputs.has(id));
    const pushed =
      inputs.length > 0 ? await this.board.subscribe(link as FirmataLink, inputs, onChange) : null;
    const poller = new OutputPoller(
      this.board,
      link as FirmataLink,
      this.board.planReads(outputs),
      onChange,
      this.options,
    );
    let held = this.pollers.get(link);
    if (!held) this.pollers.set(link, (held = new Set()));
    held.add(poller);
    poller.start();
    let closed = false;
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        poller.stop();
        held.delete(poller);
        await pushed?.close();
      },
    };
  }
}

/** Asks the board for its outputs' pin states, one at a time, every interval and after writes. */
class OutputPoller {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly board: FirmataBoardDriver,
    private readonly link: FirmataLink,
    private readonly requests: ReadRequest[],
    private readonly onChange: (reading: PointReading) => void,
    private readonly options: Pick<FirmataDeviceOptions, 'outputPollMs' | 'logger' | 'deviceId'>,
  ) {}

  start(): void {
    if (this.requests.length > 0) void this.round();
  }

  /** Reads the outputs again now (a write just went out). */
  refresh(): void {
    if (this.stopped || this.requests.length === 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    void this.round();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async round(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        for (const request of this.requests) {
          if (this.stopped) return;
          if (!(await this.readOne(request))) return;
        }
      } while (this.again && !this.stopped);
    } finally {
      this.running = false;
      if (!this.stopped) {
        this.timer = setTimeout(() => void this.round(), this.options.outputPollMs);
        this.timer.unref();
      }
    }
  }

  /** False when the link is gone: the coordinator replaces it and subscribes again. */
  private async readOne(request: ReadRequest): Promise<boolean> {
    try {
      const readings = await this.board.read(this.link, request);
      if (!this.stopped) for (const reading of readings) this.onChange(reading);
      return true;
    } catch (error) {
      const code = error instanceof PhareError ? error.code : undefined;
      if (code === 'DISCONNECTED' || code === 'CANCELED') {
        this.stop();
        return false;
      }
      // The board is there but did not answer: the value is not known now, so say so.
      this.options.logger.debug(`${this.options.deviceId}: output read failed`, {
        request: request.key,
        error: String(error),
      });
      if (!this.stopped)
        for (const point of request.points) this.onChange({ point, value: null, quality: 'bad' });
      return true;
    }
  }
}

export function buildFirmataDevice(
  site: SiteDeviceInput,
  profile: ProfileInput,
  endpoint: Endpoint,
  context: { logger: Logger; pollIntervalMs: number },
): { driver: Driver; openLink: () => Promise<Link>; timeoutMs: number } {
  if (!profile.components)
    throw new ConfigInvalid(`Profile ${profile.id} is a firmata-board without a components: section`, {
      device: site.id,
    });
  const timeoutMs = profile.connection.timeoutMs;
  const driver = new FirmataDeviceDriver({
    components: profile.components,
    deviceId: site.id,
    timeoutMs,
    outputPollMs: context.pollIntervalMs,
    logger: context.logger,
  });
  return {
    driver,
    timeoutMs,
    openLink: () =>
      openFirmataLink(endpoint, {
        device: site.id,
        connectTimeoutMs: Math.max(timeoutMs, 3000),
        logger: context.logger,
      }),
  };
}

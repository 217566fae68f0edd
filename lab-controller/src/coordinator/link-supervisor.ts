/**
 * Keeps one link (protocol session) open for a connection: opens it, notices when it drops,
 * and reopens it with jittered exponential backoff, forever, until stopped.
 *
 * Why "forever and by itself": Node-RED's Modbus nodes needed a redeploy after a long outage
 * (ARCHITECTURE.md §7); a demonstrator must recover when the cable is plugged back in.
 * Each opened link gets a generation number, so late events from an old link are ignored.
 */
import type { Link, Logger } from '@phare/device-drivers/contract.ts';
import { Disconnected, PhareError, asPhareError } from '@phare/device-drivers/errors.ts';
import { fullJitterDelay, type BackoffPolicy } from './backoff.ts';
import type { LinkFactory } from './contract.ts';

export type LinkState = 'idle' | 'connecting' | 'up' | 'down' | 'stopped';

export interface LinkSupervisorOptions {
  connectionKey: string;
  openLink: LinkFactory;
  backoff: BackoffPolicy;
  random: () => number;
  logger: Logger;
  /** A link is open; `reconnect` is false for the very first one. */
  onUp(link: Link, generation: number, reconnect: boolean): void;
  /** The link could not be opened or dropped; called once per failure, before the retry is scheduled. */
  onDown(error: PhareError, wasUp: boolean): void;
}

export class LinkSupervisor {
  state: LinkState = 'idle';
  link: Link | null = null;
  generation = 0;
  /** True once a connection attempt failed or a link dropped (statuses read `offline`, not `connecting`). */
  hasFailed = false;
  private everConnected = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private opening: Promise<void> | undefined;

  constructor(private readonly options: LinkSupervisorOptions) {}

  start(): void {
    if (this.state !== 'idle') return;
    this.open();
  }

  private open(): void {
    this.state = 'connecting';
    this.opening = this.tryOpen().finally(() => (this.opening = undefined));
  }

  private async tryOpen(): Promise<void> {
    let link: Link;
    try {
      link = await this.options.openLink();
    } catch (error) {
      if (this.state === 'stopped') return;
      const failure = asPhareError(error, (message, ctx) => new Disconnected(message, ctx));
      this.options.logger.debug(`connect to ${this.options.connectionKey} failed`, {
        attempt: this.attempt,
        error: failure.message,
      });
      this.fail(failure, false);
      return;
    }
    if (this.state === 'stopped') {
      await link.close().catch(() => undefined);
      return;
    }
    const generation = ++this.generation;
    const reconnect = this.everConnected;
    this.link = link;
    this.state = 'up';
    this.everConnected = true;
    this.attempt = 0;
    link.onClose((error) => {
      this.lost(
        generation,
        error instanceof PhareError
          ? error
          : new Disconnected(`${this.options.connectionKey}: ${link.description} closed`, { cause: error }),
      );
    });
    if (reconnect) this.options.logger.info(`reconnected to ${this.options.connectionKey}`);
    this.options.onUp(link, generation, reconnect);
  }

  /** The link of `generation` is gone (its onClose fired, or a request saw Disconnected). */
  lost(generation: number, error: PhareError): void {
    if (generation !== this.generation || this.state !== 'up') return;
    const link = this.link;
    this.link = null;
    if (link) void link.close().catch(() => undefined);
    this.options.logger.warn(`connection ${this.options.connectionKey} lost; reconnecting with backoff`, {
      error: error.message,
    });
    this.fail(error, true);
  }

  private fail(error: PhareError, wasUp: boolean): void {
    this.state = 'down';
    this.hasFailed = true;
    this.options.onDown(error, wasUp);
    if (this.state !== 'down') return;
    const delay = fullJitterDelay(this.attempt++, this.options.backoff, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state === 'down') this.open();
    }, delay);
  }

  /** Why a request cannot be queued now (not started, or waiting to reconnect), if it cannot. */
  refusal(deviceId: string, what: string): Disconnected | undefined {
    if (this.state !== 'idle' && this.state !== 'down') return undefined;
    const why = this.state === 'idle' ? 'not started' : 'down';
    return new Disconnected(
      `${deviceId}: connection ${this.options.connectionKey} is ${why}; ${what} not sent`,
      {
        device: deviceId,
      },
    );
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.opening;
    const link = this.link;
    this.link = null;
    if (link) await link.close().catch(() => undefined);
  }
}

/** Options of createCoordinator, and their defaults. */
import type { Logger } from '@phare/device-drivers/contract.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { CoordinatedDevice, LinkFactory } from './contract.ts';

export interface CoordinatorOptions {
  connectionKey: string;
  openLink: LinkFactory;
  devices: CoordinatedDevice[];
  logger?: Logger;
  /** Timestamps only (events, statistics); timers are real. Default Date. */
  clock?: { now(): number };
  /** Reconnect backoff (full jitter). Default 250 ms → 10 s. */
  backoff?: BackoffPolicy;
  /** Probe interval of a dead unit (equal jitter). Default: the reconnect backoff. */
  unitProbeBackoff?: BackoffPolicy;
  /** Requests in flight on a TCP connection (always 1 per unit, 1 on a serial line). Default 4. */
  maxInFlight?: number;
  /** Consecutive timeouts after which a unit is dead. Default 3. */
  unitDeadAfterTimeouts?: number;
  /** Jitter source, for reproducible tests. Default Math.random. */
  random?: () => number;
}

/** A small global cap: enough to overlap units behind one gateway, few enough for cheap gateways. */
export const DEFAULT_MAX_IN_FLIGHT = 4;
export const DEFAULT_UNIT_DEAD_AFTER_TIMEOUTS = 3;

export function probePolicy(options: CoordinatorOptions): BackoffPolicy {
  return options.unitProbeBackoff ?? options.backoff ?? DEFAULT_BACKOFF;
}

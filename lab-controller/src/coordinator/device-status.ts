/**
 * A device's status (wire.ts DeviceStatus) from what the coordinator knows, and how a change is
 * logged: once at warn when a failure starts, once at info when it recovers, debug otherwise
 * (home-assistant update_coordinator: log the start and the end of an outage, not every attempt).
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { DeviceStatus } from '../api/wire.ts';
import type { DeviceRuntime, LastError } from './device-runtime.ts';
import type { LinkState } from './link-supervisor.ts';

export interface StatusInputs {
  linkState: LinkState;
  /** A connection attempt failed or the link dropped at least once. */
  linkHasFailed: boolean;
  isDead(unit: string): boolean;
  /** The link is up but says it is repairing itself (Link.onStatus): pushed values are not flowing. */
  linkImpaired?: boolean;
}

/**
 * - link not up: `connecting` until the first failure, then `offline`;
 * - pushed values (subscriptions.ts): `offline` while the link repairs itself or the subscription
 *   is refused, `online` once a value arrived on this link;
 * - every unit of the device dead (or its points could not be planned): `offline`;
 * - some unit dead, or a request refused by the device: `degraded`;
 * - answered since the link came up (or nothing to poll): `online`;
 * - otherwise it keeps `offline` until it answers, so a recovery reads offline → online.
 */
export function deriveStatus(device: DeviceRuntime, inputs: StatusInputs): DeviceStatus {
  if (inputs.linkState !== 'up') return inputs.linkHasFailed ? 'offline' : 'connecting';
  if (device.planError) return 'offline';
  if (device.pushed) {
    if (inputs.linkImpaired || device.subscriptionError) return 'offline';
    if (device.answeredSinceLinkUp) return 'online';
    return device.status === 'offline' ? 'offline' : 'connecting';
  }
  const units = device.units();
  const dead = units.filter((unit) => inputs.isDead(unit)).length;
  if (units.length > 0 && dead === units.length) return 'offline';
  if (dead > 0 || device.failingRequests.size > 0) return 'degraded';
  if (units.length === 0 || device.answeredSinceLinkUp) return 'online';
  return device.status === 'offline' ? 'offline' : 'connecting';
}

const failing = (status: DeviceStatus): boolean => status === 'offline' || status === 'degraded';

/**
 * Records a new status on the device and logs the change. Returns undefined when nothing changed,
 * else the cause to publish (none when the device is online or connecting).
 */
export function applyStatus(
  device: DeviceRuntime,
  next: DeviceStatus,
  error: LastError | null | undefined,
  logger: Logger,
): { cause: LastError | undefined } | undefined {
  const previous = device.status;
  if (next === previous) return undefined;
  device.status = next;
  const cause =
    next === 'online' || next === 'connecting'
      ? undefined
      : (error ?? device.planError ?? device.lastError ?? undefined);
  if (failing(next) && !failing(previous)) {
    logger.warn(`${device.id} is ${next}`, { error: cause?.message, code: cause?.code });
  } else if (next === 'online' && failing(previous)) {
    logger.info(`${device.id} is online again`);
  } else {
    logger.debug(`${device.id}: ${previous} → ${next}`);
  }
  return { cause };
}

/**
 * Coordinator contract: one coordinator per physical connection (a TCP endpoint, a serial line).
 * ARCHITECTURE.md §2. It owns scheduling, merging (through the drivers' planReads), one request in
 * flight per serial line, isolation of a dead unit, reconnection with jittered exponential backoff,
 * quality (stale after N missed polls, offline when the link is down) and statistics.
 *
 * The controller builds one per connectionKey of the site's endpoints, registers the devices on it,
 * and listens to its events. Writes and one-shot reads go through the same queue as polls, ahead
 * of them, so a write never waits for a whole poll cycle.
 */
import type { Driver, PointReading, PointWrite, WriteReport, Link } from '@phare/device-drivers/contract.ts';
import type { DeviceStats, DeviceStatus, Quality, PointValue } from '../api/wire.ts';

export interface CoordinatedDevice {
  /** Site device id. */
  id: string;
  driver: Driver;
  /** Poll interval per poll group name; key `default` is required. */
  pollIntervalsMs: Record<string, number>;
  /** Points stay `good` until this many polls are missed, then `stale`. Default 3. */
  staleAfterMissedPolls?: number;
  /** Per-request timeout for this device. */
  timeoutMs: number;
  /**
   * Devices whose driver has `subscribe` are not polled: values are pushed. A pushed point that
   * receives nothing for this long turns `stale` (a frozen sensor). Absent: an unchanged value
   * stays good while the link reports itself online (OPC-UA notifies changes only).
   */
  staleAfterMs?: number;
}

export interface PointUpdate {
  /** Local point id within the device. */
  point: string;
  value: PointValue;
  quality: Quality;
  ts: number;
}

export interface CoordinatorEvents {
  /** Fresh readings or quality changes of some points of one device. */
  points: (deviceId: string, updates: PointUpdate[]) => void;
  status: (
    deviceId: string,
    status: DeviceStatus,
    error?: { code: string; message: string; detail?: Record<string, unknown> },
  ) => void;
}

export interface Coordinator {
  readonly connectionKey: string;
  start(): void;
  /** Stops polling, rejects queued work with Canceled, closes the link. */
  stop(): Promise<void>;
  write(deviceId: string, writes: PointWrite[]): Promise<WriteReport>;
  /** One-shot read of some points now (CLI `phare read`), bypassing the poll schedule. */
  readNow(deviceId: string, pointIds: string[]): Promise<PointReading[]>;
  status(deviceId: string): DeviceStatus;
  /** The device's most recent error (kept after recovery, for DeviceHealth.lastError); null if none yet. */
  lastError(
    deviceId: string,
  ): { code: string; message: string; at: number; detail?: Record<string, unknown> } | null;
  stats(deviceId: string): DeviceStats;
  on<E extends keyof CoordinatorEvents>(event: E, listener: CoordinatorEvents[E]): void;
  off<E extends keyof CoordinatorEvents>(event: E, listener: CoordinatorEvents[E]): void;
}

/** Opens the protocol session for a connection; called again after every drop, with backoff. */
export type LinkFactory = () => Promise<Link>;

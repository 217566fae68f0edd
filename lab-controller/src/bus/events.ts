/**
 * The daemon's one typed event map (ARCHITECTURE.md §2 "Bus", style.md principle 5).
 * Producers: the registry (points, device status), the write path (audit). Consumers: the recorder,
 * the API (socket.io), later the scenario engine and the exporters. Event names live here only.
 */
import type { AuditRecord, DeviceHealth, Localized, PointState } from '../api/wire.ts';
import type { DeviceLock } from '../sandbox/device-locks.ts';

/** One attempt to write a point, whatever its outcome (refused ones too). */
export type AuditEntry = AuditRecord;

export interface AlarmEvent {
  point: string;
  severity: 'info' | 'warning' | 'critical';
  /** In French, the kiosk's default language; `label` carries both. */
  message: string;
  ts: number;
  /**
   * A stateful alarm has a key: a raise (`active` true or absent) stays active until an event of
   * the same key with `active: false` clears it. Without a key, an alarm is a one-off notice.
   */
  key?: string;
  active?: boolean;
  label?: Localized;
  /** Who raised it (`vigilance`); default `scenario`. */
  source?: string;
  detail?: Record<string, unknown>;
}

export interface ScenarioEvent {
  run: string;
  kind: string;
  ts: number;
  detail?: Record<string, unknown>;
}

/** Event name → listener arguments. */
export interface BusEvents {
  /** Points whose value or quality changed (already merged into the point store). */
  points: [changes: PointState[]];
  /** A device's status changed; carries its whole health record. */
  deviceStatus: [health: DeviceHealth];
  /** A write attempt was recorded. */
  audit: [entry: AuditEntry];
  alarm: [alarm: AlarmEvent];
  scenario: [event: ScenarioEvent];
  /** Device locks changed (a run started or ended, a reservation made, released or expired): all of them. */
  locks: [locks: DeviceLock[]];
}

/**
 * The daemon's one typed event map (ARCHITECTURE.md §2 "Bus", style.md principle 5).
 * Producers: the registry (points, device status), the write path (audit). Consumers: the recorder,
 * the API (socket.io), later the scenario engine and the exporters. Event names live here only.
 */
import type { AuditRecord, DeviceHealth, PointState } from '../api/wire.ts';

/** One attempt to write a point, whatever its outcome (refused ones too). */
export type AuditEntry = AuditRecord;

export interface AlarmEvent {
  point: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  ts: number;
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
}

/**
 * Alarms as the operators see them (GET /api/alarms, socket `alarms`): every bus `alarm` event is
 * recorded; a keyed alarm stays active from its raise until a clear of the same key (flood
 * vigilance raises `vigilance:river.level` on yellow and clears it on green); an alarm without a
 * key (a scenario's maintenance ticket) is a one-off notice, shown in `recent` only.
 * Kept in memory for the life of the controller: the recorder's database keeps the points.
 */
import type { AlarmRecord, AlarmsView } from '../api/wire.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { AlarmEvent } from '../bus/events.ts';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

export class AlarmLog {
  private readonly owner = Symbol('alarm-log');
  private readonly active = new Map<string, AlarmRecord>();
  private readonly recent: AlarmRecord[] = [];
  private readonly listeners = new Set<(view: AlarmsView) => void>();
  private nextId = 1;

  constructor(
    private readonly bus: EventBus,
    private readonly keep = 200,
  ) {
    bus.on('alarm', (alarm) => this.record(alarm), this.owner);
  }

  private record(alarm: AlarmEvent): void {
    const active = alarm.active ?? true;
    const record: AlarmRecord = {
      id: this.nextId++,
      key: alarm.key ?? `notice:${alarm.point}:${alarm.ts}`,
      point: alarm.point,
      severity: alarm.severity,
      message: alarm.label ?? { fr: alarm.message, en: alarm.message },
      active: alarm.key !== undefined && active,
      ts: alarm.ts,
      source: alarm.source ?? 'scenario',
      ...(alarm.detail ? { detail: alarm.detail } : {}),
    };
    if (alarm.key !== undefined) {
      if (active) this.active.set(alarm.key, record);
      else this.active.delete(alarm.key);
    }
    this.recent.unshift(record);
    if (this.recent.length > this.keep) this.recent.length = this.keep;
    const view = this.view();
    for (const listener of this.listeners) listener(view);
  }

  view(): AlarmsView {
    const active = [...this.active.values()].sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.ts - a.ts,
    );
    return { active, recent: [...this.recent] };
  }

  /** Called after each alarm with the new view; returns the unsubscribe function. */
  onChange(listener: (view: AlarmsView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.bus.removeAllOf(this.owner);
    this.listeners.clear();
  }
}

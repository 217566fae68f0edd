/**
 * Live state of every point (value, quality, timestamp), fed by the coordinators.
 * `apply` merges updates and returns only the states whose value or quality changed: those are
 * what the bus carries to the recorder and the UI (a poll that reads the same value again only
 * refreshes the timestamp here).
 */
import type { PointState, PointValue, Quality } from '../api/wire.ts';

export interface StateUpdate {
  id: string;
  value: PointValue;
  quality: Quality;
  ts: number;
}

export class PointStore {
  private readonly states = new Map<string, PointState>();

  /** Every known point starts offline with no value until its first reading. */
  declare(ids: Iterable<string>, now = Date.now()): void {
    for (const id of ids) {
      if (!this.states.has(id)) this.states.set(id, { id, value: null, quality: 'offline', ts: now });
    }
  }

  get(id: string): PointState | undefined {
    return this.states.get(id);
  }

  all(): PointState[] {
    return [...this.states.values()];
  }

  apply(updates: StateUpdate[]): PointState[] {
    const changed: PointState[] = [];
    for (const u of updates) {
      const previous = this.states.get(u.id);
      if (!previous) continue;
      // Offline/stale/bad updates keep the last value: quality says it is not fresh.
      const value = u.quality === 'good' || u.value !== null ? u.value : previous.value;
      const next: PointState = { id: u.id, value, quality: u.quality, ts: u.ts };
      this.states.set(u.id, next);
      if (!Object.is(previous.value, next.value) || previous.quality !== next.quality) changed.push(next);
    }
    return changed;
  }
}

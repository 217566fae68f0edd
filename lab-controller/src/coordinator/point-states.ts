/**
 * Live state of one device's points and the rule that only changes are reported:
 * a fresh reading with the same value and quality emits nothing, a quality change always does.
 * Quality (ARCHITECTURE.md §2 "Point"): good on a fresh read, bad when the device flags the value
 * or refuses the request, stale after missed polls, offline while the unit or the link is down.
 * The last value is kept through stale/bad/offline so the twin can show it greyed out, never as fresh.
 */
import type { PointReading } from '@phare/device-drivers/contract.ts';
import type { Quality, PointValue } from '../api/wire.ts';
import type { PointUpdate } from './contract.ts';

interface PointState {
  value: PointValue;
  quality: Quality;
  ts: number;
}

export class PointStates {
  private readonly states = new Map<string, PointState>();

  /** Points start offline with no value: nothing is known until the first read. */
  constructor(pointIds: string[], now: number) {
    for (const id of pointIds) this.states.set(id, { value: null, quality: 'offline', ts: now });
  }

  applyReadings(readings: PointReading[], receivedAt: number): PointUpdate[] {
    const updates: PointUpdate[] = [];
    for (const reading of readings) {
      const quality: Quality = reading.quality ?? 'good';
      const ts = reading.sourceTime ?? receivedAt;
      const previous = this.states.get(reading.point);
      const next = { value: reading.value, quality, ts };
      this.states.set(reading.point, next);
      if (!previous || previous.quality !== quality || !Object.is(previous.value, reading.value)) {
        updates.push({ point: reading.point, ...next });
      }
    }
    return updates;
  }

  /**
   * Sets the quality of some points, keeping their values. `from` limits which current qualities
   * may change (stale only replaces good; offline replaces anything).
   */
  setQuality(pointIds: Iterable<string>, quality: Quality, now: number, from?: Quality[]): PointUpdate[] {
    const updates: PointUpdate[] = [];
    for (const id of pointIds) {
      const state = this.states.get(id);
      if (!state || state.quality === quality || (from && !from.includes(state.quality))) continue;
      state.quality = quality;
      state.ts = now;
      updates.push({ point: id, value: state.value, quality, ts: now });
    }
    return updates;
  }

  /** Adds points not yet known (after a re-plan), offline until read. */
  ensure(pointIds: string[], now: number): void {
    for (const id of pointIds) {
      if (!this.states.has(id)) this.states.set(id, { value: null, quality: 'offline', ts: now });
    }
  }

  ids(): string[] {
    return [...this.states.keys()];
  }
}

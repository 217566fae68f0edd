/**
 * Live points: id → meta and state, with their age and the quality the page must show.
 * While the link to the controller is down, every value shows as stale with its age (we no longer
 * know it is current); a point the controller already reported offline stays offline.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { PointMeta, PointSnapshot, PointState, Quality } from '@phare/lab-controller/api/wire.ts';
import type { ClockManager } from './clock.svelte.ts';
import type { ConnectionManager } from './connection.svelte.ts';

export interface PointView {
  meta: PointMeta;
  state: PointState;
  /** Shown quality: the controller's, or `stale` while the link is down. */
  quality: Quality;
  /** Connected and good: the controller keeps confirming it (it would report `stale` otherwise). */
  live: boolean;
  /** How old the value may be: 0 when live; since the link dropped, or since `ts`, otherwise. */
  ageMs: number;
  stale: boolean;
  offline: boolean;
}

export class PointsManager {
  readonly #meta = new SvelteMap<string, PointMeta>();
  readonly #states = new SvelteMap<string, PointState>();
  readonly #clock: ClockManager;
  readonly #connection: ConnectionManager;

  constructor(clock: ClockManager, connection: ConnectionManager) {
    this.#clock = clock;
    this.#connection = connection;
  }

  get size(): number {
    return this.#states.size;
  }

  /** A snapshot replaces everything: points that disappeared from the site disappear here too. */
  replaceAll(snapshots: PointSnapshot[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const ids = new Set(snapshots.map((snapshot) => snapshot.meta.id));
    for (const id of [...this.#meta.keys()]) if (!ids.has(id)) this.#meta.delete(id);
    for (const id of [...this.#states.keys()]) if (!ids.has(id)) this.#states.delete(id);
    for (const { meta, state } of snapshots) {
      this.#meta.set(meta.id, meta);
      this.#states.set(meta.id, state);
    }
  }

  applyChanges(changes: PointState[]): void {
    for (const change of changes) {
      const current = this.#states.get(change.id);
      // Deltas can cross a snapshot on the wire; never go back in time. A value is never older
      // than "no value yet": an OPC-UA source timestamp may predate the snapshot's placeholder.
      if (current && current.value !== null && current.ts > change.ts) continue;
      this.#states.set(change.id, change);
    }
  }

  /** Every point id, in the controller's order. */
  ids(): string[] {
    return [...this.#meta.keys()];
  }

  meta(id: string): PointMeta | undefined {
    return this.#meta.get(id);
  }

  view(id: string | undefined): PointView | undefined {
    if (id === undefined) return undefined;
    const meta = this.#meta.get(id);
    const state = this.#states.get(id);
    if (!meta || !state) return undefined;
    const linkDown = !this.#connection.online;
    const quality: Quality = state.quality === 'offline' ? 'offline' : linkDown ? 'stale' : state.quality;
    const live = !linkDown && state.quality === 'good';
    // The controller sends a point again only when its value or quality changes, so `ts` of a good
    // point is its last change, not its last reading: a good value was current until the link dropped.
    const lostAt = this.#connection.lostAt;
    const confirmedAt =
      state.quality === 'good' && linkDown && lostAt !== null ? Math.max(state.ts, lostAt) : state.ts;
    return {
      meta,
      state,
      quality,
      live,
      ageMs: live ? 0 : Math.max(0, this.#clock.now - confirmedAt),
      stale: quality === 'stale',
      offline: quality === 'offline',
    };
  }

  numeric(id: string | undefined): number | null {
    const value = this.view(id)?.state.value;
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
}

/**
 * The showroom's live state, composed once per page: managers fed by the socket. A snapshot (first
 * connection and every reconnection) replaces everything in place; deltas patch it in between.
 */
import type { PointState, ScenarioEventView } from '@phare/lab-controller/api/wire.ts';
import { AlarmsManager } from './managers/alarms.svelte.ts';
import { ClockManager } from './managers/clock.svelte.ts';
import { ConnectionManager } from './managers/connection.svelte.ts';
import { DevicesManager } from './managers/devices.svelte.ts';
import { LayersManager } from './managers/layers.svelte.ts';
import { NarrationManager } from './managers/narration.svelte.ts';
import { PointsManager } from './managers/points.svelte.ts';
import { SiteManager } from './managers/site.svelte.ts';
import { frameBatcher } from './frame-batcher.ts';
import { connectLive, type LiveConnection, type LiveOptions } from './socket.ts';

export class Showroom {
  readonly clock = new ClockManager();
  readonly connection = new ConnectionManager();
  readonly site = new SiteManager();
  readonly devices = new DevicesManager();
  readonly points = new PointsManager(this.clock, this.connection);
  readonly narration = new NarrationManager();
  readonly alarms = new AlarmsManager();
  readonly layers = new LayersManager();
  /** Views that follow scenario runs live (the scenario view) add a listener here. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state: nothing renders from this set
  readonly scenarioListeners = new Set<(event: ScenarioEventView) => void>();
  /** Bumped by every audited write: views that show the audit log reload when it changes. */
  auditVersion = $state(0);
  #live: LiveConnection | null = null;
  /** Point changes wait for the next animation frame (frame-batcher.ts): one re-render a frame. */
  readonly #pointChanges = frameBatcher<PointState[]>((batches) => {
    for (const changes of batches) this.points.applyChanges(changes);
  });

  start(options: LiveOptions = {}): void {
    if (this.#live) return;
    this.clock.start();
    this.#live = connectLive(
      {
        snapshot: (payload) => {
          this.#pointChanges.flush();
          this.clock.syncWithServer(payload.serverTime);
          this.site.replace(payload.site);
          this.points.replaceAll(payload.points);
          this.devices.replaceAll(payload.devices);
          this.connection.markSynced();
          void this.alarms.refresh();
        },
        points: (changes) => this.#pointChanges.push(changes),
        devices: (health) => this.devices.merge(health),
        audit: () => (this.auditVersion += 1),
        scenario: (event) => {
          this.narration.apply(event);
          for (const listener of this.scenarioListeners) listener(event);
        },
        alarms: (view) => this.alarms.replace(view),
        lost: () => {
          this.#pointChanges.flush();
          this.connection.markLost(this.clock.now);
        },
        attempt: (attempt) => this.connection.markAttempt(attempt),
      },
      options,
    );
  }

  stop(): void {
    this.#live?.close();
    this.#live = null;
    this.#pointChanges.close();
    this.clock.stop();
  }
}

/**
 * The showroom's link to the controller, as the page must show it (ARCHITECTURE.md §6: show stale
 * data as stale, never freeze, never reload).
 * - `connecting`: never connected yet, nothing to show.
 * - `online`: connected and resynchronised by a snapshot.
 * - `lost`: the link dropped; values stay on screen, greyed, with their age, while the socket retries.
 */
export type LinkState = 'connecting' | 'online' | 'lost';

export class ConnectionManager {
  state = $state<LinkState>('connecting');
  /** Reconnection attempts since the link dropped. */
  attempt = $state(0);
  lostAt = $state<number | null>(null);
  /** How many snapshots replaced the state: 1 on first load, +1 on every reconnection. */
  snapshots = $state(0);

  readonly online = $derived(this.state === 'online');

  markSynced(): void {
    this.state = 'online';
    this.attempt = 0;
    this.lostAt = null;
    this.snapshots += 1;
  }

  markLost(at: number): void {
    // Before the first snapshot there is nothing stale to show: stay "connecting".
    if (this.snapshots === 0) return;
    if (this.state !== 'lost') this.lostAt = at;
    this.state = 'lost';
  }

  markAttempt(attempt: number): void {
    this.attempt = attempt;
  }
}

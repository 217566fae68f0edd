/**
 * Alarms for the console: loaded from GET /api/alarms on every (re)synchronisation and replaced by
 * each socket `alarms` message. `availability` is `unavailable` while the controller has no alarms
 * API (404). Acknowledgements the controller cannot store yet are kept here, for this page only.
 */
import { SvelteSet } from 'svelte/reactivity';
import { acknowledgeAlarm, fetchAlarms, type AlarmRecord, type AlarmsView } from '../alarms.ts';
import { describeApiError } from '../api.ts';

export type AlarmsAvailability = 'unknown' | 'available' | 'unavailable';

export class AlarmsManager {
  active = $state.raw<AlarmRecord[]>([]);
  recentCount = $state(0);
  availability = $state<AlarmsAvailability>('unknown');
  /** Ids acknowledged on this console only (the controller has no acknowledgement route yet). */
  readonly acknowledgedHere = new SvelteSet<number>();
  /** The last acknowledgement failure, in the user's language. */
  error = $state<string | null>(null);

  async refresh(): Promise<void> {
    const result = await fetchAlarms();
    if (result.ok) this.replace(result.data);
    else if (result.error.code === 'NOT_FOUND') this.availability = 'unavailable';
    // Other failures (controller restarting): keep what we have; the next resync refreshes.
  }

  replace(view: AlarmsView): void {
    this.availability = 'available';
    this.active = view.active;
    this.recentCount = view.recent.length;
  }

  async acknowledge(id: number): Promise<void> {
    const result = await acknowledgeAlarm(id);
    if (result.ok) {
      this.error = null;
      await this.refresh();
    } else if (result.error.code === 'NOT_FOUND') {
      this.acknowledgedHere.add(id);
      this.error = null;
    } else {
      this.error = describeApiError(result.error);
    }
  }
}

/**
 * Energy of the site's luminaires since local midnight, from the recorder's history of each
 * luminaire's level (GET /api/points/:id/history): E = Σ level/100 × rated power × time the level
 * held. The recorder stores a sample on each change, so the level is a step function. The level
 * in force at midnight is the last sample of the day before; when there is none (the controller
 * started later), the count starts at the luminaire's first sample of the day, and `since` says
 * from when every luminaire is counted. An offline or bad sample counts as no energy (unknown).
 *
 * Refreshed every minute; in between, the current instant power is added for the time elapsed,
 * so the counter moves smoothly without asking the recorder every second.
 */
import { fetchHistory } from '../../lib/api.ts';
import type { PlacedLuminaire } from '../../lib/managers/site.svelte.ts';
import { localMidnight, stepEnergyWh } from './energy-steps.ts';

const DAY_MS = 24 * 3_600_000;

export interface EnergyEstimate {
  /** Energy up to `at`, in kWh. */
  kWh: number;
  /** From when every luminaire is counted (midnight, or later if the record starts later). */
  since: number;
  at: number;
}

export class EnergyToday {
  estimate = $state.raw<EnergyEstimate | null>(null);
  /** False when the controller keeps no history (its data folder is unusable). */
  available = $state(true);

  async refresh(luminaires: readonly PlacedLuminaire[], now: number): Promise<void> {
    const midnight = localMidnight(now);
    let wh = 0;
    let since = midnight;
    for (const placed of luminaires) {
      const rated = placed.luminaire.ratedPowerW;
      const levelId = placed.luminaire.points['actualLevel'] ?? placed.luminaire.points['level'];
      if (rated === undefined || levelId === undefined) continue;
      const [today, before] = await Promise.all([
        fetchHistory(levelId, midnight, now),
        fetchHistory(levelId, midnight - DAY_MS, midnight - 1),
      ]);
      if (!today.ok) {
        // A failed request (controller restarting) keeps the previous estimate.
        if (today.error.code === 'STORAGE_UNAVAILABLE') this.available = false;
        return;
      }
      const held = before.ok ? before.data.at(-1) : undefined;
      const part = stepEnergyWh(today.data, rated, midnight, now, held);
      wh += part.wh;
      since = Math.max(since, part.countedFrom);
    }
    this.available = true;
    this.estimate = { kWh: wh / 1000, since, at: now };
  }
}

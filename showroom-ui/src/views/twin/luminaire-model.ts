/**
 * What the twin shows of one luminaire, derived from its live points. Its status is never shown by
 * colour alone: each has a symbol and a text (see StatusSymbol.svelte and the `lum.status.*` messages).
 * Precedence: offline (nothing reaches it) > lamp failure (the gear says so) > stale (old data) > ok.
 */
import type { Quality } from '@phare/lab-controller/api/wire.ts';
import type { PointsManager } from '../../lib/managers/points.svelte.ts';
import type { PlacedLuminaire } from '../../lib/managers/site.svelte.ts';
import type { DevicesManager } from '../../lib/managers/devices.svelte.ts';
import { hasLampOrGearFailure } from './dali-status.ts';

export type LuminaireStatus = 'ok' | 'lamp-failure' | 'stale' | 'offline';

export interface LuminaireState {
  /** Light output as the gear reports it (actual level), else the requested level; % or null. */
  level: number | null;
  status: LuminaireStatus;
  /** True when the values on screen may be out of date (greyed, dashed ring). */
  stale: boolean;
  ageMs: number | null;
  quality: Quality | null;
}

/** The level alone (a group's mean level needs no status or age): as `luminaireState(...).level`. */
export function luminaireLevel(placed: PlacedLuminaire, points: PointsManager): number | null {
  const ids = placed.luminaire.points;
  return points.numeric(ids['actualLevel'] ?? ids['level']);
}

export function luminaireState(
  placed: PlacedLuminaire,
  points: PointsManager,
  devices: DevicesManager,
): LuminaireState {
  const ids = placed.luminaire.points;
  const levelId = ids['actualLevel'] ?? ids['level'];
  const levelView = points.view(levelId);
  const statusView = points.view(ids['status']);
  const flagViews = [points.view(ids['lampFailure']), points.view(ids['gearFailure'])];
  const views = [levelView, statusView, ...flagViews].filter((view) => view !== undefined);
  const deviceOffline = devices.get(placed.device.id)?.status === 'offline';
  const offline = deviceOffline || views.some((view) => view.offline);
  const stale = views.length === 0 || views.some((view) => view.stale);
  const statusValue = statusView?.state.value;
  // Gateways expose the failure bits both inside the status byte and as boolean points.
  const failure =
    (typeof statusValue === 'number' && hasLampOrGearFailure(statusValue)) ||
    flagViews.some((view) => view?.state.value === true);
  const status: LuminaireStatus = offline ? 'offline' : failure ? 'lamp-failure' : stale ? 'stale' : 'ok';
  const ages = views.map((view) => view.ageMs);
  return {
    level: luminaireLevel(placed, points),
    status,
    stale: stale || offline,
    ageMs: ages.length > 0 ? Math.max(...ages) : null,
    quality: levelView?.quality ?? null,
  };
}

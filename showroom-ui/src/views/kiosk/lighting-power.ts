/**
 * Instant power of the site's luminaires, estimated from their live level and the rated power
 * the site file gives (`ratedPowerW`): P = level / 100 × rated power. A linear estimate: real
 * drivers draw a little more than this when dimmed (driver losses), and DALI's arc power level is
 * logarithmic (IEC 62386-102 §9.3), but the gateways report level in % of light output already.
 * A luminaire whose level is unknown (offline) counts for nothing and is reported as not counted.
 */
import type { DevicesManager } from '../../lib/managers/devices.svelte.ts';
import type { PointsManager } from '../../lib/managers/points.svelte.ts';
import type { PlacedLuminaire } from '../../lib/managers/site.svelte.ts';
import { luminaireState } from '../twin/luminaire-model.ts';

export interface LightingPower {
  watts: number;
  /** Sum of rated powers of the luminaires counted. */
  ratedWatts: number;
  counted: number;
  total: number;
  lit: number;
  faults: number;
}

export function lightingPower(
  luminaires: readonly PlacedLuminaire[],
  points: PointsManager,
  devices: DevicesManager,
): LightingPower {
  const power: LightingPower = {
    watts: 0,
    ratedWatts: 0,
    counted: 0,
    total: luminaires.length,
    lit: 0,
    faults: 0,
  };
  for (const placed of luminaires) {
    const lamp = luminaireState(placed, points, devices);
    if (lamp.status === 'lamp-failure') power.faults += 1;
    if (lamp.level === null || lamp.status === 'offline') continue;
    if (lamp.level > 0) power.lit += 1;
    const rated = placed.luminaire.ratedPowerW;
    if (rated === undefined) continue;
    power.counted += 1;
    power.ratedWatts += rated;
    power.watts += (Math.min(100, Math.max(0, lamp.level)) / 100) * rated;
  }
  return power;
}

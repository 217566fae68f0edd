/**
 * Where the lab's energy can be measured, read from the site view (no address or point id written
 * in code):
 * - each luminaire with a `ratedPowerW` in the site file and a level point: P = level % × rated
 *   power (the gateways report level in % of light output, and LED drivers are close to linear in
 *   power versus light output: hardware/simulators/dali-gateway/power.ts states the same model);
 * - each electricity meter: the `meter.active-energy` counter (kWh) and `meter.active-power` (kW)
 *   points of the zone model of protocols.md §5.1, on any device (the school's OPC-UA controller,
 *   a pump station's meter).
 */
import type { PointMeta, SiteView } from '../api/wire.ts';

export interface LuminaireSource {
  device: string;
  luminaire: string;
  /** The gateway's reported level (actual level when the profile has it, else the arc level). */
  levelPoint: string;
  ratedPowerW: number;
}

export interface MeterSource {
  device: string;
  /** Cumulative energy counter, and its factor to kWh. */
  energy?: { point: string; toKWh: number };
  /** Instant power, and its factor to W. */
  power?: { point: string; toW: number };
}

export interface LabEnergySources {
  luminaires: LuminaireSource[];
  meters: MeterSource[];
  /** Luminaires left out, and why (no rated power, no level point). */
  skipped: { device: string; luminaire: string; reason: 'no-rated-power' | 'no-level-point' }[];
}

/** UCUM codes (and the plain spellings some servers send) of power and energy, as factors. */
const TO_WATTS: Record<string, number> = { W: 1, kW: 1000, MW: 1_000_000 };
const TO_KWH: Record<string, number> = {
  'W.h': 0.001,
  Wh: 0.001,
  'kW.h': 1,
  kWh: 1,
  'MW.h': 1000,
  MWh: 1000,
};

/** Local point ids of an electricity meter (protocols.md §5.1, Meter.ActiveEnergy / ActivePower). */
const METER_ENERGY = 'meter.active-energy';
const METER_POWER = 'meter.active-power';

export function labEnergySources(
  site: SiteView,
  metaOf: (pointId: string) => PointMeta | undefined,
  /** Only these devices (a scenario's); default every device. */
  devices?: ReadonlySet<string>,
): LabEnergySources {
  const sources: LabEnergySources = { luminaires: [], meters: [], skipped: [] };
  for (const device of site.devices) {
    if (devices && !devices.has(device.id)) continue;
    for (const lum of device.luminaires ?? []) {
      const levelPoint = lum.points['actualLevel'] ?? lum.points['level'];
      const where = { device: device.id, luminaire: lum.id };
      if (lum.ratedPowerW === undefined) sources.skipped.push({ ...where, reason: 'no-rated-power' });
      else if (levelPoint === undefined) sources.skipped.push({ ...where, reason: 'no-level-point' });
      else sources.luminaires.push({ ...where, levelPoint, ratedPowerW: lum.ratedPowerW });
    }
    const energyMeta = metaOf(`${device.id}.${METER_ENERGY}`);
    const powerMeta = metaOf(`${device.id}.${METER_POWER}`);
    const toKWh = energyMeta?.unit === undefined ? undefined : TO_KWH[energyMeta.unit];
    const toW = powerMeta?.unit === undefined ? undefined : TO_WATTS[powerMeta.unit];
    if (toKWh === undefined && toW === undefined) continue;
    sources.meters.push({
      device: device.id,
      ...(energyMeta && toKWh !== undefined ? { energy: { point: energyMeta.id, toKWh } } : {}),
      ...(powerMeta && toW !== undefined ? { power: { point: powerMeta.id, toW } } : {}),
    });
  }
  return sources;
}

/**
 * What the plan and the panel show of one building zone, from its live points: temperature against
 * setpoint (band, fill, symbol), occupancy and valve, and whether the values may be old.
 */
import type { BuildingZoneView } from '@phare/lab-controller/api/wire.ts';
import type { PointsManager } from '../../../lib/managers/points.svelte.ts';
import { zoneValvePoint } from './building-points.ts';
import { zoneBand, zoneFill, type ZoneBand } from './zone-temperature.ts';

export interface ZoneReading {
  temperature: number | null;
  setpoint: number | null;
  band: ZoneBand;
  fill: string;
  /** null when the zone has no occupancy point or its value is unknown. */
  occupied: boolean | null;
  valve: number | null;
  valvePoint: string | undefined;
  stale: boolean;
}

/** The key a zone is selected by on the plan: `zone:<device>/<zone>`. */
export const zoneKey = (deviceId: string, zoneId: string): string => `zone:${deviceId}/${zoneId}`;

export function zoneReading(zone: BuildingZoneView, points: PointsManager): ZoneReading {
  const temperature = points.numeric(zone.points.temperature);
  const setpoint = points.numeric(zone.points.setpoint);
  const occupancyView = points.view(zone.points.occupancy);
  const occupancy = occupancyView?.state.value;
  const valvePoint = zoneValvePoint(zone, (id) => points.meta(id) !== undefined);
  const temperatureView = points.view(zone.points.temperature);
  return {
    temperature,
    setpoint,
    band: zoneBand(temperature, setpoint),
    fill: zoneFill(temperature, setpoint),
    occupied: typeof occupancy === 'boolean' && !occupancyView?.offline ? occupancy : null,
    valve: points.numeric(valvePoint),
    valvePoint,
    stale: temperatureView === undefined || temperatureView.quality !== 'good',
  };
}

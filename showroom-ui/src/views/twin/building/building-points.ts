/**
 * The building controller's points the layer shows besides its zones, found among the device's
 * points by their local id in the profile (hardware/profiles/phare/building-sim-opcua.yaml); a
 * controller whose profile lacks one simply does not show it. A zone's valve comes from the site
 * (`points.valvePosition`), else from the zone's own points next to its temperature.
 */
import type { BuildingZoneView } from '@phare/lab-controller/api/wire.ts';

export const BUILDING_POINTS = {
  mode: 'heat-pump.mode',
  heatOutput: 'heat-pump.heat-output',
  cop: 'heat-pump.cop',
  power: 'meter.active-power',
  energy: 'meter.active-energy',
  outdoor: 'outdoor-temperature',
} as const;

export type BuildingPointRole = keyof typeof BUILDING_POINTS;

/** Heat pump modes of the profile's Int32 enumeration (0 off, 1 eco, 2 comfort). */
export const HEAT_PUMP_MODES = ['off', 'eco', 'comfort'] as const;
export type HeatPumpMode = (typeof HEAT_PUMP_MODES)[number];

export function heatPumpMode(value: number | null): HeatPumpMode | null {
  return value === null ? null : (HEAT_PUMP_MODES[value] ?? null);
}

/** Point id of a role on `deviceId`, if the device has it. */
export function buildingPoint(
  deviceId: string,
  role: BuildingPointRole,
  known: (id: string) => boolean,
): string | undefined {
  const id = `${deviceId}.${BUILDING_POINTS[role]}`;
  return known(id) ? id : undefined;
}

/** The valve of a zone: from the site, else `<zone>.valve-position` beside its temperature point. */
export function zoneValvePoint(zone: BuildingZoneView, known: (id: string) => boolean): string | undefined {
  if (zone.points.valvePosition) return zone.points.valvePosition;
  const temperature = zone.points.temperature;
  if (!temperature?.endsWith('.temperature')) return undefined;
  const id = `${temperature.slice(0, -'.temperature'.length)}.valve-position`;
  return known(id) ? id : undefined;
}

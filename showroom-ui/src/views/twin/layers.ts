/**
 * What belongs to which workstream layer on the plan. Devices say it themselves (`workstreams` in
 * the site file); zones by their kind: building zones (rooms, floors) and water zones (river,
 * basin) belong to their layer, everything else (roads, parks) is the base plan, always drawn.
 */
import type { DeviceView, SiteView, Workstream, ZoneView } from '@phare/lab-controller/api/wire.ts';
import { workstreams } from '../../lib/managers/layers.svelte.ts';

const zoneKindLayers: Record<string, Workstream> = {
  building: 'building',
  room: 'building',
  floor: 'building',
  storey: 'building',
  'thermal-zone': 'building',
  river: 'water',
  basin: 'water',
  water: 'water',
  catchment: 'water',
  'flood-zone': 'climate',
  weather: 'climate',
};

export function zoneLayer(zone: ZoneView): Workstream | null {
  return zoneKindLayers[zone.kind] ?? null;
}

export function deviceLayers(device: DeviceView): Workstream[] {
  return device.workstreams.length > 0 ? device.workstreams : [];
}

/** The workstreams the site has something for, in the usual order. */
export function presentWorkstreams(site: SiteView): Workstream[] {
  const present = new Set<Workstream>();
  for (const device of site.devices) for (const w of device.workstreams) present.add(w);
  for (const zone of site.plan.zones) {
    const layer = zoneLayer(zone);
    if (layer) present.add(layer);
  }
  return workstreams.filter((w) => present.has(w));
}

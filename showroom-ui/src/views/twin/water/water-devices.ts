/**
 * The water devices the layer draws, found from the site: river gauges are the sources of the
 * site's flood vigilance rules; a basin sensor, a quality probe and a building meter by the points
 * their profiles give them (hardware/profiles: `distance`, `conductivity`/`turbidity`, `flow`).
 * Each comes with the plan zone it belongs to when there is one (the nearest of the right kind).
 */
import type { DeviceView, SiteView, VigilanceView, ZoneView } from '@phare/lab-controller/api/wire.ts';

export interface RiverGauge {
  device: DeviceView;
  rule: VigilanceView;
  zone: ZoneView | undefined;
}

export interface WaterDevices {
  rivers: RiverGauge[];
  basins: { device: DeviceView; distance: string; zone: ZoneView | undefined }[];
  probes: { device: DeviceView; points: string[] }[];
  meters: { device: DeviceView; flow: string; volume: string | undefined }[];
}

/** Local point ids of the water profiles, in the order the probe card lists them. */
const QUALITY_POINTS = ['temperature', 'conductivity', 'turbidity'];

function nearestZone(site: SiteView, device: DeviceView, kinds: readonly string[]): ZoneView | undefined {
  let best: { zone: ZoneView; distance: number } | undefined;
  for (const zone of site.plan.zones) {
    if (!kinds.includes(zone.kind)) continue;
    const distance = Math.min(
      ...zone.polygon.map(([x, y]) => Math.hypot(x - device.position.x, y - device.position.y)),
    );
    if (!best || distance < best.distance) best = { zone, distance };
  }
  return best?.zone;
}

export function waterDevices(site: SiteView, known: (pointId: string) => boolean): WaterDevices {
  const byId = (id: string) => site.devices.find((d) => d.id === id);
  const rivers = (site.vigilance ?? []).flatMap((rule) => {
    const device = byId(rule.source.slice(0, rule.source.indexOf('.')));
    return device ? [{ device, rule, zone: nearestZone(site, device, ['river', 'water']) }] : [];
  });
  const gauges = new Set(rivers.map((r) => r.device.id));
  const basins = site.devices
    .filter((d) => !gauges.has(d.id) && known(`${d.id}.distance`))
    .map((device) => ({
      device,
      distance: `${device.id}.distance`,
      zone: nearestZone(site, device, ['basin']),
    }));
  const probes = site.devices
    .filter((d) => known(`${d.id}.conductivity`) || known(`${d.id}.turbidity`))
    .map((device) => ({
      device,
      points: QUALITY_POINTS.map((p) => `${device.id}.${p}`).filter(known),
    }));
  const meters = site.devices
    .filter((d) => known(`${d.id}.flow`))
    .map((device) => ({
      device,
      flow: `${device.id}.flow`,
      volume: known(`${device.id}.volume`) ? `${device.id}.volume` : undefined,
    }));
  return { rivers, basins, probes, meters };
}

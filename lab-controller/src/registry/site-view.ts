/**
 * SiteView for the showroom (GET /api/site, socket.io snapshot): the plan, and each device with
 * its luminaires and DALI groups (or building zones) mapped to point ids, so the UI never builds a
 * point id itself; and the flood vigilance rules with their computed points.
 */
import { BROADCAST_PREFIX, groupPrefix } from '@phare/device-drivers/dali/gateway-points.ts';
import type {
  BuildingZoneView,
  DaliGroupView,
  DeviceView,
  LuminaireView,
  PointMeta,
  SiteView,
} from '../api/wire.ts';
import { vigilancePointId } from '../vigilance/flood-vigilance.ts';
import type { ProfileInput, SiteDeviceInput, SiteInput } from './site-input.ts';

export function buildSiteView(
  site: SiteInput,
  profiles: ReadonlyMap<string, ProfileInput>,
  pointsByDevice: ReadonlyMap<string, PointMeta[]>,
): SiteView {
  return {
    id: site.id,
    name: site.name,
    plan: {
      width: site.plan.width,
      height: site.plan.height,
      anchor: { ...site.plan.anchor },
      zones: site.plan.zones.map((z) => ({ id: z.id, kind: z.kind, name: z.name, polygon: z.polygon })),
    },
    devices: site.devices.map((d) => deviceView(d, profiles.get(d.profile), pointsByDevice.get(d.id) ?? [])),
    ...(site.vigilance.length > 0
      ? {
          vigilance: site.vigilance.map((v) => ({
            source: v.point,
            point: vigilancePointId(v.point),
            thresholds: { ...v.thresholds },
            hysteresis: v.hysteresis,
          })),
        }
      : {}),
  };
}

function buildingZones(device: SiteDeviceInput): BuildingZoneView[] {
  return (device.building?.zones ?? []).map((zone) => ({
    id: zone.id,
    name: zone.name,
    polygon: zone.polygon,
    points: Object.fromEntries(
      Object.entries(zone.points).flatMap(([role, local]) =>
        local ? [[role, `${device.id}.${local}`]] : [],
      ),
    ),
  }));
}

function deviceView(
  device: SiteDeviceInput,
  profile: ProfileInput | undefined,
  points: PointMeta[],
): DeviceView {
  const ids = new Set(points.map((p) => p.id));
  const view: DeviceView = {
    id: device.id,
    name: device.name,
    profile: device.profile,
    kind: profile?.kind ?? 'unknown',
    position: device.position,
    workstreams: device.workstreams,
  };
  if (device.building) view.building = { zones: buildingZones(device) };
  if (!device.dali) return view;
  view.luminaires = device.dali.luminaires.map((l): LuminaireView => {
    const prefix = `${device.id}.${l.id}.`;
    return {
      id: l.id,
      shortAddress: l.shortAddress,
      groups: l.groups,
      position: l.position,
      ...(l.ratedPowerW !== undefined ? { ratedPowerW: l.ratedPowerW } : {}),
      points: Object.fromEntries(
        points.filter((p) => p.id.startsWith(prefix)).map((p) => [p.id.slice(prefix.length), p.id]),
      ),
    };
  });
  view.groups = device.dali.groups
    .map((g): DaliGroupView | undefined => {
      const levelPoint = `${device.id}.${groupPrefix(g.number)}.level`;
      if (!ids.has(levelPoint)) return undefined;
      return {
        number: g.number,
        ...(g.name ? { name: g.name } : {}),
        levelPoint,
        members: device.dali!.luminaires.filter((l) => l.groups.includes(g.number)).map((l) => l.id),
      };
    })
    .filter((g): g is DaliGroupView => g !== undefined);
  const broadcast = `${device.id}.${BROADCAST_PREFIX}.level`;
  if (ids.has(broadcast)) view.broadcastLevelPoint = broadcast;
  return view;
}

/**
 * The twin as GeoJSON (RFC 7946), for a GIS or a web map: the site's zones as Polygons, its devices
 * and luminaires as Points, in WGS84 longitude/latitude (RFC 7946 §3.1.1: longitude first).
 *
 * The plan is metric with its origin at `anchor` and its +y axis `bearing` degrees clockwise from
 * true north (hardware/sites/*.yaml). Metres become degrees with the local flat-earth (tangent
 * plane) approximation, using the WGS84 radii of curvature at the anchor's latitude: meridional
 * M = a(1−e²)/(1−e²sin²φ)^1.5 and prime vertical N = a/√(1−e²sin²φ); Δφ = north/M, Δλ = east/(N cos φ)
 * (Ed Williams, "Aviation Formulary V1.47", section "Local, flat earth approximation"; WGS84
 * constants from NIMA TR8350.2, table 3.1). Over a demonstrator a few hundred metres wide the
 * error is far below a GPS fix's.
 */
import type {
  GeoJsonFeature,
  GeoJsonFeatureCollection,
  GeoJsonPosition,
  PointSnapshot,
  SiteView,
} from './wire.ts';

/** WGS84 semi-major axis (m) and first eccentricity squared (NIMA TR8350.2 table 3.1). */
const WGS84_A = 6_378_137;
const WGS84_E2 = 0.00669437999014;
const DEG = Math.PI / 180;

export interface PlanAnchor {
  lat: number;
  lon: number;
  bearing: number;
}

/** Plan metres (x, y) → [lon, lat] in degrees. */
export function planToLonLat(anchor: PlanAnchor, x: number, y: number): GeoJsonPosition {
  const phi = anchor.lat * DEG;
  const b = anchor.bearing * DEG;
  // +y points `bearing` clockwise from north; +x is 90° further clockwise.
  const east = x * Math.cos(b) + y * Math.sin(b);
  const north = -x * Math.sin(b) + y * Math.cos(b);
  const w = 1 - WGS84_E2 * Math.sin(phi) ** 2;
  const meridional = (WGS84_A * (1 - WGS84_E2)) / w ** 1.5;
  const primeVertical = WGS84_A / Math.sqrt(w);
  const lat = anchor.lat + north / meridional / DEG;
  const lon = anchor.lon + east / (primeVertical * Math.cos(phi)) / DEG;
  // Centimetre precision is plenty for a plan drawn in metres (RFC 7946 §11.2 advises trimming).
  return [round(lon, 7), round(lat, 7)];
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Closed ring, anticlockwise as RFC 7946 §3.1.6 asks for exterior rings. */
function ring(anchor: PlanAnchor, polygon: [number, number][]): GeoJsonPosition[] {
  const positions = polygon.map(([x, y]) => planToLonLat(anchor, x, y));
  const first = positions[0];
  const last = positions.at(-1);
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) positions.push([...first]);
  if (signedArea(positions) < 0) positions.reverse();
  return positions;
}

/** Shoelace formula: positive when the ring runs anticlockwise (x = lon, y = lat). */
function signedArea(positions: GeoJsonPosition[]): number {
  let sum = 0;
  for (let i = 1; i < positions.length; i += 1) {
    const [x1, y1] = positions[i - 1]!;
    const [x2, y2] = positions[i]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** `points` gives each luminaire's live level and quality as properties (null when unknown). */
export function siteGeoJson(site: SiteView, points: readonly PointSnapshot[]): GeoJsonFeatureCollection {
  const anchor = site.plan.anchor;
  const states = new Map(points.map((p) => [p.meta.id, p.state]));
  const features: GeoJsonFeature[] = [];
  for (const zone of site.plan.zones) {
    features.push({
      type: 'Feature',
      id: `zone:${zone.id}`,
      geometry: { type: 'Polygon', coordinates: [ring(anchor, zone.polygon)] },
      properties: {
        feature: 'zone',
        id: zone.id,
        kind: zone.kind,
        name_fr: zone.name.fr,
        name_en: zone.name.en,
      },
    });
  }
  for (const device of site.devices) {
    features.push({
      type: 'Feature',
      id: `device:${device.id}`,
      geometry: { type: 'Point', coordinates: planToLonLat(anchor, device.position.x, device.position.y) },
      properties: {
        feature: 'device',
        id: device.id,
        kind: device.kind,
        profile: device.profile,
        workstreams: device.workstreams,
        name_fr: device.name.fr,
        name_en: device.name.en,
        plan_x: device.position.x,
        plan_y: device.position.y,
      },
    });
    for (const luminaire of device.luminaires ?? []) {
      const levelId = luminaire.points['actualLevel'] ?? luminaire.points['level'];
      const level = levelId ? states.get(levelId) : undefined;
      features.push({
        type: 'Feature',
        id: `luminaire:${device.id}.${luminaire.id}`,
        geometry: {
          type: 'Point',
          coordinates: planToLonLat(anchor, luminaire.position.x, luminaire.position.y),
        },
        properties: {
          feature: 'luminaire',
          id: `${device.id}.${luminaire.id}`,
          device: device.id,
          workstreams: ['lighting'],
          shortAddress: luminaire.shortAddress,
          groups: luminaire.groups,
          ratedPowerW: luminaire.ratedPowerW ?? null,
          levelPercent: typeof level?.value === 'number' ? level.value : null,
          quality: level?.quality ?? null,
          plan_x: luminaire.position.x,
          plan_y: luminaire.position.y,
        },
      });
    }
  }
  return { type: 'FeatureCollection', name: site.id, features };
}

/**
 * The wire contract between the controller and the showroom: HTTP payloads and socket.io events.
 * Typed once here; the UI imports these types only (no runtime code crosses this seam).
 */

export type Quality = 'good' | 'stale' | 'bad' | 'offline';
export type DeviceStatus = 'connecting' | 'online' | 'degraded' | 'offline';
export type Workstream = 'lighting' | 'water' | 'climate' | 'building';
export type PointValue = number | boolean | string | null;

export interface Localized {
  fr: string;
  en: string;
}

export interface PlanPosition {
  x: number;
  y: number;
}

/** GET /api/points (meta part): what a point is. */
export interface PointMeta {
  /** `<device>.<point>`, e.g. `street.lamp03.level`. */
  id: string;
  device: string;
  label?: Localized;
  quantity?: string;
  /** UCUM code: `%`, `W`, `Cel`, `kW.h`… */
  unit?: string;
  type: 'number' | 'integer' | 'boolean' | 'bitmap' | 'string';
  readable: boolean;
  writable: boolean;
  /** What the device can represent. */
  range?: { min: number; max: number };
  /** What Phare allows writing (profile safe limits, within range). */
  limits?: { min: number; max: number };
  /** An enumerated point (flood vigilance 0–3): what each integer value means. */
  states?: PointStateLabel[];
  /** Computed by the controller (flood vigilance), not read from a device. */
  computed?: boolean;
}

/** One value of an enumerated point. */
export interface PointStateLabel {
  value: number;
  /** Stable key: `green`, `yellow`, `orange`, `red`. */
  key: string;
  label: Localized;
  /** CSS colour to show it in. */
  color?: string;
}

/** Live state of a point. */
export interface PointState {
  id: string;
  value: PointValue;
  quality: Quality;
  /** ms since epoch: device timestamp if the protocol gives one, else when Phare received it. */
  ts: number;
}

export interface PointSnapshot {
  meta: PointMeta;
  state: PointState;
}

export interface DeviceStats {
  requests: number;
  errors: number;
  timeouts: number;
  /** Requests completed per second over the last minute. */
  requestRate: number;
  latencyMs: { p50: number | null; p95: number | null };
  lastPollAt: number | null;
  reconnects: number;
}

/** GET /api/devices */
export interface DeviceHealth {
  id: string;
  name: Localized;
  profile: string;
  endpoint: string;
  status: DeviceStatus;
  lastError: { code: string; message: string; at: number } | null;
  stats: DeviceStats;
}

export interface LuminaireView {
  id: string;
  shortAddress: number;
  groups: number[];
  position: PlanPosition;
  ratedPowerW?: number;
  /** Point ids of this luminaire (level, status…), keyed by local name. */
  points: Record<string, string>;
}

export interface DaliGroupView {
  number: number;
  name?: Localized;
  /** Writable group level point id. */
  levelPoint: string;
  members: string[];
}

export interface DeviceView {
  id: string;
  name: Localized;
  profile: string;
  kind: string;
  position: PlanPosition;
  workstreams: Workstream[];
  luminaires?: LuminaireView[];
  groups?: DaliGroupView[];
  /** Broadcast level point id for DALI gateways. */
  broadcastLevelPoint?: string;
  /** A building controller's zones on the plan, with their point ids. */
  building?: { zones: BuildingZoneView[] };
}

/** A zone a building controller serves: its outline on the plan and its points by role. */
export interface BuildingZoneView {
  id: string;
  name: Localized;
  polygon: [number, number][];
  /** Point ids (`school.zone1.temperature`) by role: temperature, setpoint, occupancy, co2… */
  points: Partial<
    Record<'temperature' | 'setpoint' | 'occupancy' | 'co2' | 'relativeHumidity' | 'valvePosition', string>
  >;
}

/** Flood vigilance on one water-level point (site `vigilance`). */
export interface VigilanceView {
  /** The water-level point, e.g. `river.level`. */
  source: string;
  /** The computed level point, e.g. `river.vigilance` (0 green … 3 red). */
  point: string;
  thresholds: { yellow: number; orange: number; red: number };
  hysteresis: number;
}

export interface ZoneView {
  id: string;
  kind: string;
  name: Localized;
  polygon: [number, number][];
}

/** GET /api/site */
export interface SiteView {
  id: string;
  name: Localized;
  plan: {
    width: number;
    height: number;
    anchor: { lat: number; lon: number; bearing: number };
    zones: ZoneView[];
  };
  devices: DeviceView[];
  /** Flood vigilance rules, when the site has any. */
  vigilance?: VigilanceView[];
}

/** POST /api/points/:id body */
export interface WriteRequestBody {
  value: PointValue;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  device?: string;
  point?: string;
}

/** Every API answer: an ok/error envelope. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

export interface WriteResultBody {
  point: string;
  value: PointValue;
  previous: PointValue;
  commands: string[];
  auditId: number;
}

/** Events the server sends on socket.io. */
export interface ServerToClientEvents {
  /** Sent on every (re)connection: the whole state, so a client resyncs without reloading. */
  snapshot: (payload: {
    site: SiteView;
    points: PointSnapshot[];
    devices: DeviceHealth[];
    serverTime: number;
  }) => void;
  /** Point changes, batched: at most one message per batching interval per client. */
  points: (changes: PointState[]) => void;
  devices: (health: DeviceHealth[]) => void;
  /** One write attempt was audited (the staff console refreshes its log). */
  audit: (entry: AuditRecord) => void;
  /** Scenario run events (narration `say`, `run-started`, `run-ended`…) for the kiosk. */
  scenario: (event: ScenarioEventView) => void;
  /** Active and recent alarms, on connection and whenever an alarm is raised or cleared. */
  alarms: (alarms: AlarmsView) => void;
}

export type AlarmSeverity = 'info' | 'warning' | 'critical';

/** One alarm event: a raise (active) or a clear. GET /api/alarms, socket `alarms`. */
export interface AlarmRecord {
  /** Sequence number within this controller run. */
  id: number;
  /** What the alarm is about; a raise and its clear share it (`vigilance:river.level`). */
  key: string;
  point: string;
  severity: AlarmSeverity;
  message: Localized;
  /** True for a raise (still active if it is the latest of its key), false for a clear. */
  active: boolean;
  ts: number;
  /** Who raised it: `vigilance`, `scenario`… */
  source: string;
  detail?: Record<string, unknown>;
}

/** GET /api/alarms */
export interface AlarmsView {
  /** The latest raise of each key not cleared since, most severe first. */
  active: AlarmRecord[];
  /** Every raise and clear, newest first (bounded). */
  recent: AlarmRecord[];
}

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a long hidden tab, for instance). */
  resync: () => void;
}

/** GET /api/points/:id/history?from&to: recorded samples, oldest first (booleans recorded as 0/1). */
export interface HistorySample {
  ts: number;
  value: PointValue;
  quality: Quality;
}

/** GET /api/audit?limit: one write attempt, newest first; refused attempts included. */
export interface AuditRecord {
  id: number;
  ts: number;
  /** `api:<ip>`, `cli:<user>`, `scenario:<id>` until accounts exist. */
  who: string;
  point: string;
  device: string | null;
  oldValue: PointValue;
  /** As requested (may be invalid, which is why it was refused). */
  newValue: unknown;
  ok: boolean;
  error: { code: string; message: string } | null;
  commands: string[];
}

/** POST /api/writes body: several points at once (a DALI gateway may send one group command). */
export type WriteManyRequestBody = { point: string; value: PointValue }[];

/** POST /api/writes answer: all writes were checked before any was sent. */
export interface WriteManyResultBody {
  results: WriteResultBody[];
  commands: string[];
}

/** GET /api/devices/:id: one device's health, its place on the site and its points. */
export interface DeviceDetail {
  health: DeviceHealth;
  /** Null when the device is not on the site view (it could not be built). */
  view: DeviceView | null;
  points: PointSnapshot[];
}

/** GET /api/audit filters (query string); all optional, combined with AND. */
export interface AuditQuery {
  limit?: number;
  /** Exact point id, or a device id prefix ending in `.` (`street.`). */
  point?: string;
  /** Substring of `who` (`api:`, `scenario:`…). */
  who?: string;
  result?: 'ok' | 'refused';
}

/** Socket `scenario` event: the bus ScenarioEvent as is (kinds in scenario/timeline.ts). */
export interface ScenarioEventView {
  run: string;
  kind: string;
  ts: number;
  detail?: Record<string, unknown>;
}

/** GET /api/site.geojson (RFC 7946): zones as Polygons, devices and luminaires as Points. */
export type GeoJsonPosition = [lon: number, lat: number];

export interface GeoJsonFeature {
  type: 'Feature';
  id: string;
  geometry:
    { type: 'Point'; coordinates: GeoJsonPosition } | { type: 'Polygon'; coordinates: GeoJsonPosition[][] };
  properties: Record<string, unknown>;
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  name: string;
  features: GeoJsonFeature[];
}

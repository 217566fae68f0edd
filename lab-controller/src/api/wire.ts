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

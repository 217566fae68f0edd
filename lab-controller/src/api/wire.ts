/**
 * The wire contract between the controller and the showroom: HTTP payloads and socket.io events.
 * Typed once here; the UI imports these types only (no runtime code crosses this seam).
 */
import type { Assumption } from '../impact/assumption.ts';
import type { DigitalFootprint } from '../impact/digital-footprint.ts';
import type { ImpactFactors } from '../impact/factors-schema.ts';
import type { TerritoryInputRaw as ProjectionRequestBody } from '../impact/input-schema.ts';
import type { KitLine } from '../impact/kit-from-site.ts';
import type { MeasuredLabEnergy } from '../impact/measure-lab-energy.ts';
import type { RunBaselineView } from '../impact/run-baseline.ts';
import type { TerritoryProjection as ProjectionResult } from '../impact/project-territory.ts';
import type { Range as ImpactRange } from '../impact/range.ts';

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

/** GET /api/building/comparison: what one envelope needs to hold the zones' setpoints now. */
export interface BuildingEnvelopeDemand {
  /** Heat loss coefficient of the zones, W/K (transmission + ventilation). */
  lossWPerK: number;
  /** Heat the emitters must deliver to hold the setpoints at this outdoor temperature, kW. */
  heatKw: number;
  /** Heat pump coefficient of performance at this outdoor temperature and supply temperature. */
  cop: number;
  /** Heat pump electricity for that heat, kW (the base load, the same on both sides, is left out). */
  electricKw: number;
  /** The same electricity held for 24 h, kWh per day. */
  electricKWhPerDay: number;
  /** True when the emitters or the heat pump cannot deliver it (the setpoints would not be held). */
  limited: boolean;
}

/** GET /api/building/comparison: the same weather, the building before and after its renovation. */
export interface BuildingComparisonView {
  device: string;
  outdoorC: number;
  /** Heat pump mode now; `off` compares what holding the setpoints would take. */
  mode: 'off' | 'eco' | 'comfort';
  /** No point measures sunshine: solar gains are left out of both sides. */
  solarIncluded: false;
  zones: { id: string; setpointC: number; occupied: boolean }[];
  before: BuildingEnvelopeDemand;
  after: BuildingEnvelopeDemand;
  /** 1 − after/before electricity; null when the building needs no heat before renovation. */
  savedFraction: number | null;
  /** When it was computed, ms since epoch. */
  ts: number;
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
  /** Field-level problems of a refused body (POST /api/impact/projection), in French and English. */
  issues?: FieldIssue[];
  /** Every point concerned (a scenario's offline required points). */
  points?: string[];
}

/** One refused field: its dotted path (`lighting.luminaireCount`) and what is wrong with it. */
export interface FieldIssue {
  field: string;
  fr: string;
  en: string;
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

// Impact model (lab-controller/src/impact, hardware/impact/README.md): the types are the model's
// own, re-exported here so the showroom imports its wire contract from one file.
export type {
  Assumption,
  DigitalFootprint,
  ImpactFactors,
  ImpactRange,
  KitLine,
  MeasuredLabEnergy,
  ProjectionRequestBody,
  ProjectionResult,
};

/** GET /api/impact/kit: the demonstrator's own kit and its footprint; the kit suggested for a territory. */
export interface ImpactKitView {
  demonstrator: { lines: KitLine[]; footprint: DigitalFootprint };
  /** `digitalKit` lines to send with a projection (counts per luminaire scale with the territory). */
  territory: { lines: KitLine[] };
}

/** GET /api/runs/:id/impact: what a scenario run used, measured, against its baseline. */
export interface RunImpactView {
  run: { id: string; scenarioId: string; startedAt: number; endedAt: number | null; outcome: string };
  /** Devices measured: those the scenario requires, or every device when it cannot be read. */
  devices: string[];
  measured: MeasuredLabEnergy;
  /** Judged against the baseline the scenario declares (`impact.baseline`); null if it declares none. */
  baseline: RunBaselineView | null;
}

/** Kinds of scenario steps (lab-controller/src/scenario/schema.ts STEP_KINDS). */
export type ScenarioStepKind =
  'set' | 'wait' | 'expect' | 'stimulate' | 'say' | 'alarm' | 'parallel' | 'repeat' | 'capture';

/** One step of a scenario as the showroom lists it (nested steps have depth > 0). */
export interface ScenarioStepView {
  /** The step's `id`, or its path (`steps[3]`): timeline entries and verdicts name steps by it. */
  id: string;
  kind: ScenarioStepKind;
  inFinally: boolean;
  depth: number;
  /** What it says or does, in both languages: narration, expect label, operator prompt… */
  text?: Localized;
}

/** GET /api/scenarios: one showcase of the library, and whether it can run now. */
export interface ScenarioCatalogueEntry {
  id: string;
  title: Localized;
  summary: Localized;
  workstreams: Workstream[];
  /** How long the show lasts, in real seconds, at `speed`. */
  expectedDurationS: number;
  /** The speed it runs at here: its `simulation.speed` when every device it uses is simulated, else 1. */
  speed: number;
  /** The simulated time of day it starts at (simulation only), `HH:MM` UTC. */
  startsAt?: string;
  canRun: boolean;
  /** Why it cannot start now: the error starting it would answer (409 busy, 422 points offline…). */
  whyNot?: ApiErrorBody;
  steps: ScenarioStepView[];
}

/** POST /api/scenarios/:id/runs body. */
export interface StartRunRequestBody {
  /** Simulated seconds per real second (simulation only); default the scenario's. */
  speed?: number;
}

/** POST /api/scenarios/:id/runs answer (201). */
export interface StartRunResultBody {
  run: string;
  scenarioId: string;
  speed: number;
}

export type ScenarioRunOutcome = 'running' | 'passed' | 'failed' | 'aborted' | 'error';

/** One verdict of an `expect` (or of a `wait until` that timed out). Times are run-clock ms. */
export interface ScenarioVerdictView {
  step: string;
  label: Localized;
  that: string;
  ok: boolean;
  at: number;
  detail?: string;
  observed: Record<string, PointValue>;
  /** Wall-clock ms when it was reached. */
  wallAt?: number;
}

/** One step that ran: run-clock times, and wall-clock times to line up with recorded samples. */
export interface ScenarioTimelineEntryView {
  step: string;
  kind: ScenarioStepKind;
  inFinally: boolean;
  scheduledAt: number;
  startedAt: number;
  endedAt: number;
  /** How late it started against its schedule, real ms. */
  jitterMs: number;
  ok: boolean;
  error?: string;
  iteration?: number;
  wallStartedAt?: number;
  wallEndedAt?: number;
  /** A `capture` step's value. */
  value?: PointValue;
}

/** GET /api/runs: a recorded run, newest first. */
export interface ScenarioRunSummary {
  id: string;
  scenarioId: string;
  /** Absent when the scenario is no longer in the library. */
  title?: Localized;
  who: string;
  /** Wall-clock ms. */
  startedAt: number;
  endedAt: number | null;
  outcome: ScenarioRunOutcome;
  reason: string | null;
  passed: number;
  expects: number;
}

/** An operator prompt waiting for confirmation (real kit: POST /api/runs/:id/prompts/:step/confirm). */
export interface ScenarioPromptView {
  step: string;
  device?: string;
  text: Localized;
}

/** GET /api/runs/:id: a run with its timeline and verdicts (live while it runs). */
export interface ScenarioRunView extends ScenarioRunSummary {
  site: string;
  active: boolean;
  /** Simulated seconds per real second, while it runs. */
  speed?: number;
  verdicts: ScenarioVerdictView[];
  timeline: ScenarioTimelineEntryView[];
  /** The scenario's steps (from the library file), to label the timeline. */
  steps: ScenarioStepView[];
  /** Every point the scenario reads or writes: replay fetches their recorded samples. */
  points: string[];
  /** Its scenario events so far, while it runs (a page opened mid-run catches up). */
  events: ScenarioEventView[];
  prompts: ScenarioPromptView[];
}

/**
 * What the interoperability suite produces (ARCHITECTURE.md §1 "Vendors": describe a device in a
 * profile, run the suite, get a pass/fail report to send to a buyer). One InteropReport per run;
 * the JSON, JUnit and HTML reports (reports/) are three views of it.
 *
 * Exit rule: a run passes only when the connection opened and every mandatory check passed
 * (`summary.passed`). A check that could not apply is recorded as skipped and not mandatory, with
 * the reason; a check not run because an earlier one failed leaves that failure to decide.
 */

export const CHECK_GROUPS = [
  'connectivity',
  'read',
  'write',
  'protocol',
  'timing',
  'robustness',
  'dali',
] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

export type Verdict = 'pass' | 'fail' | 'skip';

export interface Bilingual {
  fr: string;
  en: string;
}

export interface InteropCheck {
  /** Stable id: `<group>.<what>[.<point>]`, e.g. `read.range.zone1.temperature`. */
  id: string;
  group: CheckGroup;
  title: Bilingual;
  mandatory: boolean;
  /** What the profile or the protocol says should happen, in plain words. */
  expected: string;
  /** What the device did. */
  observed: string;
  verdict: Verdict;
  /** Why it passed, failed or was skipped, in plain French and English. */
  explanation: Bilingual;
  durationMs: number;
  /** Error code and protocol detail when the device refused or stayed silent. */
  error?: { code: string; message: string; detail?: Record<string, unknown> };
}

/** Latency samples of one poll group, for the timing charts. */
export interface TimingSeries {
  group: string;
  /** Round-trip time of each read, ms. */
  samplesMs: number[];
  p50Ms: number | null;
  p95Ms: number | null;
  /** What the profile declares: the request timeout and the group's poll interval. */
  timeoutMs: number;
  pollIntervalMs?: number;
  /** Requests one poll of the group needs. */
  requestsPerPoll: number;
}

export interface DeviceIdentity {
  /** As the profile declares it. */
  vendor: string;
  model: string;
  /** What the device itself said (OPC-UA BuildInfo, SDI-12 aI!), when the protocol can tell. */
  reported?: Record<string, string>;
}

export interface InteropReport {
  schema: 'phare/interop-report@1';
  /** `<profile id as file-safe text>-<yyyymmddThhmmssZ>`: the base name of the report files. */
  id: string;
  profile: { id: string; file?: string; kind: string; protocol: string };
  endpoint: string;
  device: DeviceIdentity;
  phareVersion: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  environment: { node: string; os: string; arch: string; hostname?: string };
  options: {
    only?: CheckGroup[];
    robustness: boolean;
    careful: boolean;
    minRequestIntervalMs: number;
    timingSamples: number;
    control?: string;
  };
  summary: {
    passed: boolean;
    total: number;
    pass: number;
    fail: number;
    skip: number;
    mandatoryFailed: number;
    /** True when --careful stopped the run at the first failure. */
    stoppedEarly: boolean;
  };
  checks: InteropCheck[];
  timing: TimingSeries[];
}

/** 0 only when every mandatory check passed (the CLI's exit code). */
export function exitCodeOf(report: InteropReport): number {
  return report.summary.passed ? 0 : 1;
}

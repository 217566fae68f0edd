/**
 * What a run yields (ARCHITECTURE.md §2: "a timeline and a verdict per expect"): stored with the
 * run (storage/run-store.ts), sent on the bus as `scenario` events, printed by the CLI.
 *
 * Times are run-clock milliseconds (wall time at speed 1, simulated time faster). `jitterMs` is how
 * late a step started against its schedule, in real milliseconds: the benchmark reports its p99.
 */
import type { Localized, PointValue } from '../api/wire.ts';
import type { RunOutcome } from '../storage/run-store.ts';
import type { StepKind } from './schema.ts';

export interface Verdict {
  step: string;
  label: Localized;
  that: string;
  ok: boolean;
  /** Run time when the verdict was reached. */
  at: number;
  /** Why it failed (condition false, point offline, timed out after …). */
  detail?: string;
  /** The points of the condition when the verdict was reached. */
  observed: Record<string, PointValue>;
  /** Wall-clock ms when it was reached (replay lines it up with recorded samples). */
  wallAt?: number;
}

export interface TimelineEntry {
  step: string;
  kind: StepKind;
  inFinally: boolean;
  /** When the schedule wanted the step to start. */
  scheduledAt: number;
  startedAt: number;
  endedAt: number;
  jitterMs: number;
  ok: boolean;
  error?: string;
  /** For repeat: which iteration (1-based) of the enclosing repeat. */
  iteration?: number;
  /** Wall-clock ms of start and end: recorded samples are wall time (replay). */
  wallStartedAt?: number;
  wallEndedAt?: number;
  /** A `capture` step's value. */
  value?: PointValue;
}

export interface RunResult {
  id: string;
  scenarioId: string;
  outcome: Exclude<RunOutcome, 'running'>;
  reason: string | null;
  startedAt: number;
  endedAt: number;
  verdicts: Verdict[];
  timeline: TimelineEntry[];
}

/** Bus `scenario` event kinds (ScenarioEvent.kind in bus/events.ts). */
export type ScenarioEventKind =
  | 'run-started'
  | 'step-started'
  | 'step-ended'
  | 'verdict'
  | 'say'
  | 'prompt'
  | 'prompt-confirmed'
  | 'alarm'
  | 'captured'
  | 'paused'
  | 'resumed'
  | 'run-ended';

/** p50/p99/max of step start jitter, for the benchmark. */
export function jitterStats(timeline: TimelineEntry[]): {
  count: number;
  p50: number;
  p99: number;
  max: number;
} {
  const values = timeline.map((e) => e.jitterMs).sort((a, b) => a - b);
  const pick = (q: number) =>
    values.length === 0 ? 0 : values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
  return { count: values.length, p50: pick(0.5), p99: pick(0.99), max: values.at(-1) ?? 0 };
}

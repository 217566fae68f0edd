/**
 * What every check group receives and returns. A group plans its checks when its turn comes (so it
 * sees what earlier groups learned, e.g. whether the device answered at all); the runner then runs
 * each one with its own deadline and records the outcome.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { Profile } from '../config/schema/profile.ts';
import type { DeviceSession } from './device-session.ts';
import { errorRecord, explainError } from './explain.ts';
import type { Bilingual, CheckGroup, InteropCheck, TimingSeries } from './report-model.ts';
import type { InteropTarget } from './target.ts';

export interface CheckContext {
  profile: Profile;
  session: DeviceSession;
  target: InteropTarget;
  logger: Logger;
  /** Simulator control API, when the device is a Phare simulator (fault injection). */
  controlUrl?: string;
  timingSamples: number;
  /** Set by the connectivity group: false skips the groups that need a device. */
  connected: boolean;
  /** What the device said about itself (OPC-UA BuildInfo, SDI-12 aI!). */
  identity: Record<string, string>;
  timing: TimingSeries[];
}

export interface CheckOutcome {
  verdict: InteropCheck['verdict'];
  observed: string;
  explanation: Bilingual;
  error?: InteropCheck['error'];
}

export interface PlannedCheck {
  id: string;
  group: CheckGroup;
  title: Bilingual;
  mandatory: boolean;
  expected: string;
  /** Deadline of this check; default the runner's per-check timeout. */
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export type GroupPlanner = (ctx: CheckContext) => PlannedCheck[] | Promise<PlannedCheck[]>;

export const pass = (observed: string, explanation: Bilingual): CheckOutcome => ({
  verdict: 'pass',
  observed,
  explanation,
});

export const fail = (observed: string, explanation: Bilingual, error?: unknown): CheckOutcome => ({
  verdict: 'fail',
  observed,
  explanation,
  ...(error === undefined ? {} : { error: errorRecord(error) }),
});

export const skip = (reason: Bilingual): CheckOutcome => ({
  verdict: 'skip',
  observed: '—',
  explanation: reason,
});

/** A failure caused by an error from the device: explained from its code and protocol detail. */
export function failFromError(error: unknown, timeoutMs: number, observedPrefix = ''): CheckOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return fail(`${observedPrefix}${message}`, explainError(error, timeoutMs), error);
}

export const NOT_CONNECTED: Bilingual = {
  fr: "Non exécuté : l'appareil n'a pas répondu aux essais de connexion (voir le groupe connectivity).",
  en: 'Not run: the device did not answer the connection checks (see the connectivity group).',
};

/** A number formatted for a report line: no binary noise, at most 6 significant digits. */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

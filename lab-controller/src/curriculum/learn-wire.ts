/**
 * What the learning space's routes (api/learn-routes.ts) answer, inside the ApiResult envelope of
 * api/wire.ts; shared with the showroom (showroom-ui/src/views/learn), which imports these types only.
 *
 *   GET    /api/learn/modules                              LearnModuleSummary[]
 *   GET    /api/learn/modules/:id                          LearnModuleDetail
 *   GET    /api/learn/modules/:id/exercises/:ex/hints/:n   LearnHint (n from 1)
 *   POST   /api/learn/modules/:id/exercises/:ex/check      LearnCheckResult
 *   POST   /api/learn/modules/:id/writes                   WriteManyResultBody (as the apprentice)
 *   POST   /api/learn/modules/:id/reservation {exercise?, ttlMin?}  LearnReservation; 409 names the holder
 *   DELETE /api/learn/modules/:id/reservation              LearnReservation
 *   GET    /api/learn/class                                LearnClassView (staff)
 *   POST   /api/learn/modules/:id/reset                    LearnResetResult (staff)
 *
 * Who the apprentice is: the signed-in account; in local bench mode (no accounts) the name typed in
 * the showroom, sent URI-encoded in the APPRENTICE_HEADER header.
 */
import type { Localized } from '../api/wire.ts';
import type { ConditionKind } from './schema.ts';

export const APPRENTICE_HEADER = 'x-phare-apprentice';

export interface LearnProgress {
  attempts: number;
  lastAttemptAt: number;
  lastPassed: boolean;
  /** When a check first passed; null until then. */
  passedAt: number | null;
}

export interface LearnExerciseSummary {
  id: string;
  title: Localized;
  /** The caller's progress; null before the first check. */
  progress: LearnProgress | null;
}

export interface LearnModuleSummary {
  id: string;
  number: number;
  title: Localized;
  summary: Localized;
  durationMin: number;
  prerequisites: string[];
  /** Device ids the module uses on this site. */
  devices: string[];
  exercises: LearnExerciseSummary[];
}

export interface LearnExerciseDetail extends LearnExerciseSummary {
  /** The instructions (French Markdown) as safe HTML. */
  instructionsHtml: string;
  hintCount: number;
  /** Devices the exercise reserves (its `reserve` patterns on this site). */
  reserves: string[];
}

export interface LearnModuleDetail extends Omit<LearnModuleSummary, 'exercises'> {
  objectives: string[];
  safety: string[];
  /** The lesson (French Markdown, README.md) as safe HTML; its `#` titles start at <h2>. */
  lessonHtml: string;
  /** Point ids the module uses on this site (its `devices` patterns expanded). */
  points: string[];
  exercises: LearnExerciseDetail[];
  reservation: LearnReservation;
}

export interface LearnHint {
  exercise: string;
  /** 1-based. */
  n: number;
  count: number;
  text: string;
}

export interface LearnConditionResult {
  kind: ConditionKind;
  passed: boolean;
  /** What the condition asks, in French (the expression, the write expected…). */
  summary: string;
  /** French, when it failed: what is missing. */
  explanation: string | null;
  detail?: string;
}

export interface LearnCheckResult {
  module: string;
  exercise: string;
  apprentice: string;
  passed: boolean;
  checkedAt: number;
  conditions: LearnConditionResult[];
  progress: LearnProgress;
}

export interface LearnLockHolder {
  kind: 'run' | 'apprentice';
  id: string;
  label: string;
}

export interface LearnReservation {
  /** False when this controller has no device locks: nothing to reserve. */
  supported: boolean;
  devices: {
    device: string;
    holder: LearnLockHolder | null;
    since?: number;
    expiresAt?: number;
  }[];
  /** Every device is held by the caller. */
  mine: boolean;
}

export interface LearnClassView {
  modules: { id: string; number: number; title: Localized; exercises: { id: string; title: Localized }[] }[];
  apprentices: {
    name: string;
    /** `module/exercise` → progress. */
    progress: Record<string, LearnProgress>;
  }[];
}

export interface LearnResetResult {
  module: string;
  trainer: string;
  writes: { point: string; value: unknown; auditId: number }[];
}

export const progressKey = (module: string, exercise: string): string => `${module}/${exercise}`;

/**
 * Checks an exercise against the live lab (ARCHITECTURE.md §1: "get an exercise checked against the
 * live lab"). Each condition of `check` is decided now, from what the caller gives:
 * - `that`: an expression over live point values, compiled and evaluated by the scenario engine's
 *   own expression code (scenario/expression), so a check reads exactly like a scenario `expect`;
 * - `audit`: the audit log of the one write path (registry/write-path.ts): who wrote what, when;
 * - `scenario`: a scenario file the apprentice wrote, checked against the site by the scenario
 *   validator (scenario/validate-scenario.ts), plus what it must contain;
 * - `run`: a recorded scenario run (storage/run-store.ts) with the wanted outcome.
 *
 * Nothing here writes to a device or to storage. A failed condition carries its French
 * explanation (the exercise's `explain`, with `{point.id}` replaced by the live value) and a
 * technical detail (the evaluation error, the validator's problems).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { PointState, PointValue } from '../api/wire.ts';
import { formatProblem } from '../config/problem.ts';
import { compileExpression } from '../scenario/expression/compile.ts';
import { evaluateCondition, PointUnavailable, type ExprValue } from '../scenario/expression/evaluate.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { pointPattern } from '../scenario/site-points.ts';
import { prepareScenario, type SiteFacts } from '../scenario/validate-scenario.ts';
import { walkSteps } from '../scenario/walk.ts';
import { parseDuration } from '../scenario/duration.ts';
import type { AuditStore } from '../storage/audit-store.ts';
import type { RunStore } from '../storage/run-store.ts';
import { exerciseScope } from './module-site-check.ts';
import { fillExplanation, frenchDuration, frenchValue } from './french.ts';
import {
  APPRENTICE_PLACEHOLDER,
  conditionKindOf,
  type AuditCondition,
  type CheckCondition,
  type ConditionKind,
  type Exercise,
  type RunCondition,
  type ScenarioFileCondition,
} from './schema.ts';

/** How many recent audit entries an `audit` condition looks through (a lab makes far fewer in 1 h). */
const AUDIT_LOOKBACK = 5000;
const RUN_LOOKBACK = 200;

export interface CheckDeps {
  /** The live point store: the controller's Registry, or a one-shot one (live-lab.ts). */
  registry: { store: { get(id: string): PointState | undefined } };
  audit: AuditStore;
  /** Recorded runs; without it, `run` conditions fail saying runs are not recorded here. */
  runs?: RunStore;
  /** Who is checked: `camille`; matches audit and run entries `cli:camille`, `ui:camille` … */
  apprentice: string;
  siteFacts: SiteFacts;
  /** Where the apprentice's files are (`scenario` conditions); default the working directory. */
  workDir?: string;
  /** Wall-clock ms; default Date.now. */
  now?: () => number;
}

export interface ConditionResult {
  kind: ConditionKind;
  condition: CheckCondition;
  passed: boolean;
  /** French, when it failed: what is missing. Null when it passed. */
  explanation: string | null;
  /** Technical detail: the evaluation error, the validator's problems, what the log holds. */
  detail?: string;
  /** Point values read by a `that` condition. */
  observed?: Record<string, PointValue>;
}

export interface ExerciseCheck {
  exercise: string;
  apprentice: string;
  passed: boolean;
  checkedAt: number;
  results: ConditionResult[];
}

export function checkExercise(exercise: Exercise, deps: CheckDeps): ExerciseCheck {
  const now = deps.now?.() ?? Date.now();
  const results = exercise.check.map((condition) => checkCondition(condition, exercise, deps, now));
  return {
    exercise: exercise.id,
    apprentice: deps.apprentice,
    passed: results.every((r) => r.passed),
    checkedAt: now,
    results,
  };
}

/** `cli:camille`, `ui:camille` and `camille` are all camille: the prefix says which tool wrote. */
export function sameActor(recorded: string, wanted: string): boolean {
  return recorded === wanted || recorded.endsWith(`:${wanted}`);
}

function checkCondition(
  condition: CheckCondition,
  exercise: Exercise,
  deps: CheckDeps,
  now: number,
): ConditionResult {
  const kind = conditionKindOf(condition);
  const outcome =
    kind === 'that'
      ? checkThat(condition.that!, exercise, deps, now)
      : kind === 'audit'
        ? checkAudit(condition.audit!, deps, now)
        : kind === 'scenario'
          ? checkScenarioFile(condition.scenario!, deps)
          : checkRun(condition.run!, deps, now);
  const values: Record<string, ExprValue> = {
    apprentice: deps.apprentice,
    ...exercise.variables,
    ...(outcome.observed ?? {}),
  };
  return {
    kind,
    condition,
    passed: outcome.passed,
    explanation: outcome.passed ? null : (outcome.explanation ?? fillExplanation(condition.explain, values)),
    ...(outcome.detail ? { detail: outcome.detail } : {}),
    ...(outcome.observed ? { observed: outcome.observed } : {}),
  };
}

interface Outcome {
  passed: boolean;
  detail?: string;
  observed?: Record<string, PointValue>;
  /** Replaces the exercise's explanation when the lab itself is the problem (a point offline). */
  explanation?: string;
}

function checkThat(source: string, exercise: Exercise, deps: CheckDeps, now: number): Outcome {
  const metas = new Map(deps.siteFacts.points.map((p) => [p.id, p]));
  const compiled = compileExpression(source, exerciseScope(exercise, metas));
  if (!compiled.ok)
    return {
      passed: false,
      explanation: `La vérification « ${source} » ne correspond pas à ce site : prévenez le formateur.`,
      detail: compiled.problems.map((p) => p.message + (p.hint ? ` — ${p.hint}` : '')).join('; '),
    };
  const expr = compiled.expr;
  const observed = Object.fromEntries(
    expr.points.map((id) => [id, deps.registry.store.get(id)?.value ?? null]),
  ) as Record<string, PointValue>;
  try {
    const met = evaluateCondition(expr, {
      state: (id) => deps.registry.store.get(id),
      variable: (name) => exercise.variables[name],
      nowMs: () => now,
    });
    return met ? { passed: true, observed } : { passed: false, observed, detail: `${source} est faux` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PointUnavailable) {
      const point = error.point ?? '?';
      const quality = deps.registry.store.get(point)?.quality ?? 'inconnue';
      return {
        passed: false,
        observed,
        explanation:
          `Le point ${point} n'a pas de valeur utilisable (qualité ${quality}) : ` +
          "vérifiez que l'équipement est en ligne, puis relancez la vérification.",
        detail: message,
      };
    }
    return { passed: false, observed, detail: message };
  }
}

function checkAudit(condition: AuditCondition, deps: CheckDeps, now: number): Outcome {
  const who = condition.who === APPRENTICE_PLACEHOLDER ? deps.apprentice : condition.who;
  const since = now - (parseDuration(condition.within) ?? 0);
  const matches = pointPattern(condition.point);
  const recent = deps.audit
    .recent(AUDIT_LOOKBACK)
    .filter((e) => e.ts >= since && matches.test(e.point))
    .sort((a, b) => b.ts - a.ts || b.id - a.id);
  const wanted = (e: (typeof recent)[number]): boolean =>
    sameActor(e.who, who) &&
    e.ok === condition.ok &&
    (condition.value === undefined || sameValue(e.newValue, condition.value));
  const window = frenchDuration(condition.within);
  if (condition.latestAmong !== undefined) {
    const among = pointPattern(condition.latestAmong);
    const latest = deps.audit
      .recent(AUDIT_LOOKBACK)
      .filter((e) => e.ts >= since && e.ok && among.test(e.point))
      .sort((a, b) => b.ts - a.ts || b.id - a.id)[0];
    if (latest && matches.test(latest.point) && wanted(latest)) return { passed: true };
    return {
      passed: false,
      detail: latest
        ? `la dernière écriture réussie sur ${condition.latestAmong} depuis ${window} est ${latest.point} = ${frenchValue(latest.newValue as ExprValue)} par ${latest.who}`
        : `aucune écriture réussie sur ${condition.latestAmong} depuis ${window}`,
    };
  }
  if (recent.some(wanted)) return { passed: true };
  const mine = recent.filter((e) => sameActor(e.who, who));
  return {
    passed: false,
    detail:
      mine.length === 0
        ? `aucune écriture de ${who} sur ${condition.point} depuis ${window}`
        : `écritures de ${who} sur ${condition.point} depuis ${window} : ` +
          mine
            .slice(0, 5)
            .map(
              (e) =>
                `${e.point} = ${frenchValue(e.newValue as ExprValue)}${e.ok ? '' : ` (refusée : ${e.error?.message ?? '?'})`}`,
            )
            .join(' ; '),
  };
}

function checkScenarioFile(condition: ScenarioFileCondition, deps: CheckDeps): Outcome {
  const relative = condition.file.replaceAll(APPRENTICE_PLACEHOLDER, deps.apprentice);
  const file = isAbsolute(relative) ? relative : resolve(deps.workDir ?? process.cwd(), relative);
  if (!existsSync(file)) return { passed: false, detail: `fichier introuvable : ${file}` };
  const loaded = loadScenario(file);
  if (!loaded.ok) return { passed: false, detail: problemList(loaded.problems.map(formatProblem)) };
  const plan = prepareScenario(loaded.value, deps.siteFacts);
  if (!plan.ok) return { passed: false, detail: problemList(plan.problems.map(formatProblem)) };
  const scenario = loaded.value.scenario;
  const missing: string[] = [];
  if (condition.id !== undefined && scenario.id !== condition.id)
    missing.push(`l'identifiant du scénario est « ${scenario.id} », l'exercice demande « ${condition.id} »`);
  const steps = walkSteps(scenario);
  const setPoints = steps.flatMap(({ step }) =>
    step.set ? (step.set.point ? [step.set.point] : (step.set.points ?? [])) : [],
  );
  for (const pattern of condition.sets) {
    const re = pointPattern(pattern);
    if (!setPoints.some((id) => re.test(id))) missing.push(`aucune étape set ne règle ${pattern}`);
  }
  const read = [...plan.value.expressions.values()].flatMap((e) => e.points);
  for (const pattern of condition.reads) {
    const re = pointPattern(pattern);
    if (!read.some((id) => re.test(id)))
      missing.push(`aucune condition (wait until, expect) ne lit ${pattern}`);
  }
  const expects = steps.filter(({ step }) => step.expect).length;
  if (expects < condition.minExpects)
    missing.push(`${expects} étape(s) expect, l'exercice en demande au moins ${condition.minExpects}`);
  return missing.length === 0 ? { passed: true } : { passed: false, detail: missing.join(' ; ') };
}

function checkRun(condition: RunCondition, deps: CheckDeps, now: number): Outcome {
  if (!deps.runs)
    return {
      passed: false,
      detail: 'les runs de scénario ne sont pas enregistrés dans ce dossier de données',
    };
  const who = condition.who === APPRENTICE_PLACEHOLDER ? deps.apprentice : condition.who;
  const since = now - (parseDuration(condition.within) ?? 0);
  const mine = deps.runs
    .recent(RUN_LOOKBACK, condition.scenario)
    .filter((r) => r.startedAt >= since && sameActor(r.who, who));
  if (mine.some((r) => r.outcome === condition.outcome)) return { passed: true };
  const last = mine[0];
  return {
    passed: false,
    detail: last
      ? `dernier run de ${condition.scenario} par ${who} : ${last.outcome}${last.reason ? ` (${last.reason})` : ''}`
      : `aucun run de ${condition.scenario} par ${who} depuis ${frenchDuration(condition.within)}`,
  };
}

function sameValue(recorded: unknown, wanted: number | boolean | string): boolean {
  if (typeof recorded === 'number' && typeof wanted === 'number') return Math.abs(recorded - wanted) < 1e-9;
  return recorded === wanted;
}

function problemList(lines: string[]): string {
  return lines.slice(0, 5).join('\n') + (lines.length > 5 ? `\n… et ${lines.length - 5} autre(s)` : '');
}

/**
 * The scenario library as the controller serves it (GET /api/scenarios, /api/runs): each library
 * scenario prepared against this site, whether it can start now and why not, and runs as the
 * showroom shows them (steps labelled from the scenario file, the points replay fetches).
 *
 * Errors keep the engine's classes (device-drivers/src/errors.ts); the API turns them into codes.
 * Plans are cached per file and modification time: the library may be edited while the demo runs.
 */
import { statSync } from 'node:fs';
import { ConfigInvalid, Disconnected, Forbidden, type PhareError } from '@phare/device-drivers/errors.ts';
import type {
  ApiErrorBody,
  ScenarioCatalogueEntry,
  ScenarioPromptView,
  ScenarioRunSummary,
  ScenarioRunView,
  ScenarioStepView,
  ScenarioTimelineEntryView,
  ScenarioVerdictView,
  StartRunResultBody,
} from '../api/wire.ts';
import { formatProblem } from '../config/problem.ts';
import type { RunRecord } from '../storage/run-store.ts';
import { describeSteps } from './describe-steps.ts';
import type { ScenarioEngine } from './engine.ts';
import { defaultScenariosDir, listScenarioFiles } from './library.ts';
import { loadScenario } from './load-scenario.ts';
import type { ScenarioPlan } from './validate-scenario.ts';

/** No library scenario has that id. */
export class UnknownScenario extends Error {}

interface CachedPlan {
  mtimeMs: number;
  plan?: ScenarioPlan;
  /** Why the file cannot run on this site (schema or site problems). */
  problem?: string;
}

export class ScenarioCatalogue {
  private readonly plans = new Map<string, CachedPlan>();

  constructor(
    readonly engine: ScenarioEngine,
    private readonly dir = defaultScenariosDir,
  ) {}

  list(): ScenarioCatalogueEntry[] {
    return listScenarioFiles(this.dir).flatMap((file) => {
      const cached = this.planOf(file);
      if (!cached.plan) return [];
      const { plan } = cached;
      const s = plan.scenario;
      const readiness = this.engine.readiness(plan);
      return [
        {
          id: s.id,
          title: s.title,
          summary: s.summary,
          workstreams: s.workstreams,
          expectedDurationS: s.expectedDurationS,
          speed: this.engine.plannedSpeed(plan),
          ...(s.simulation?.startsAt ? { startsAt: s.simulation.startsAt } : {}),
          canRun: readiness.ok,
          ...(readiness.ok ? {} : { whyNot: apiError(readiness.error) }),
          steps: describeSteps(s),
        },
      ];
    });
  }

  /** Starts a library scenario; throws UnknownScenario, or the engine's PhareError. */
  start(scenarioId: string, options: { startedBy: string; speed?: number }): StartRunResultBody {
    const plan = this.plan(scenarioId);
    if (!plan) throw new UnknownScenario(`no scenario ${scenarioId} in the library`);
    const handle = this.engine.start(plan, {
      startedBy: options.startedBy,
      ...(options.speed !== undefined ? { speed: options.speed } : {}),
    });
    return {
      run: handle.id,
      scenarioId: handle.scenarioId,
      speed: this.engine.getRun(handle.id)?.speed ?? this.engine.plannedSpeed(plan),
    };
  }

  recentRuns(limit: number): ScenarioRunSummary[] {
    return this.engine.recent(limit).map((record) => this.summary(record));
  }

  run(runId: string): ScenarioRunView | undefined {
    const state = this.engine.getRun(runId);
    if (!state) return undefined;
    const plan = this.plan(state.record.scenarioId);
    const steps: ScenarioStepView[] = plan ? describeSteps(plan.scenario) : [];
    return {
      ...this.summary(state.record),
      site: state.record.site,
      active: state.active,
      ...(state.speed !== undefined ? { speed: state.speed } : {}),
      verdicts: state.record.verdicts as ScenarioVerdictView[],
      timeline: state.record.timeline as ScenarioTimelineEntryView[],
      steps,
      points: plan?.points ?? [],
      events: state.events,
      prompts: state.prompts.map((step) => promptView(step, state.events)),
    };
  }

  /** The prepared plan of a library scenario, or undefined when no valid file has that id. */
  plan(scenarioId: string): ScenarioPlan | undefined {
    for (const file of listScenarioFiles(this.dir)) {
      const cached = this.planOf(file);
      if (cached.plan?.scenario.id === scenarioId) return cached.plan;
    }
    return undefined;
  }

  private summary(record: RunRecord): ScenarioRunSummary {
    const verdicts = record.verdicts as ScenarioVerdictView[];
    const title = this.plan(record.scenarioId)?.scenario.title;
    return {
      id: record.id,
      scenarioId: record.scenarioId,
      ...(title ? { title } : {}),
      who: record.who,
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      outcome: record.outcome,
      reason: record.reason,
      passed: verdicts.filter((v) => v.ok).length,
      expects: verdicts.length,
    };
  }

  private planOf(file: string): CachedPlan {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return { mtimeMs: 0, problem: `${file} cannot be read` };
    }
    const cached = this.plans.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached;
    const loaded = loadScenario(file);
    let entry: CachedPlan;
    if (!loaded.ok) entry = { mtimeMs, problem: loaded.problems.map(formatProblem).join('\n') };
    else {
      try {
        entry = { mtimeMs, plan: this.engine.prepare(loaded.value) };
      } catch (error) {
        if (!(error instanceof ConfigInvalid)) throw error;
        // A scenario written for another site is not offered here.
        entry = { mtimeMs, problem: error.message };
      }
    }
    this.plans.set(file, entry);
    return entry;
  }
}

/** The wire error for an engine refusal: lock or clock conflicts 409, offline points 422. */
export function apiError(error: PhareError): ApiErrorBody {
  if (error instanceof Forbidden)
    return { code: 'CONFLICT', message: error.message, ...(error.device ? { device: error.device } : {}) };
  if (error instanceof Disconnected) {
    const offline = (error.detail as { offline?: string[] } | undefined)?.offline ?? [];
    return {
      code: 'POINTS_OFFLINE',
      message: error.message,
      ...(offline.length > 0 ? { points: offline, point: offline[0]! } : {}),
    };
  }
  return {
    code: error.code,
    message: error.message,
    ...(error.device ? { device: error.device } : {}),
    ...(error.point ? { point: error.point } : {}),
  };
}

function promptView(
  step: string,
  events: { kind: string; detail?: Record<string, unknown> }[],
): ScenarioPromptView {
  const event = events.findLast((e) => e.kind === 'prompt' && e.detail?.['step'] === step);
  const fr = typeof event?.detail?.['fr'] === 'string' ? event.detail['fr'] : step;
  const en = typeof event?.detail?.['en'] === 'string' ? event.detail['en'] : fr;
  const device = event?.detail?.['device'];
  return { step, text: { fr, en }, ...(typeof device === 'string' ? { device } : {}) };
}

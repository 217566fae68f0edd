/**
 * The learning space inside the running controller (issue 7 part 3): the curriculum, each
 * apprentice's progress, "check my work" against the live lab, device reservations and the
 * trainer's reset. The HTTP mapping is in api/learn-routes.ts; this file knows nothing of HTTP.
 *
 * A check here is `phare learn check` (cli/commands/learn.ts) against the daemon's own registry:
 * the points the exercise reads are read now from their devices (live-lab.ts readPointsNow), then
 * check-exercise.ts decides, with the controller's audit log and recorded runs, and the attempt
 * goes to the same progress table (migration 3).
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { Forbidden, NotSupported, UnknownPoint } from '@phare/device-drivers/errors.ts';
import type { WriteManyResultBody } from '../api/wire.ts';
import type { Actor } from '../auth/roles.ts';
import type { Registry } from '../registry/registry.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import type { WritePath, WriteRequest } from '../registry/write-path.ts';
import { siteFacts, type SiteFacts } from '../scenario/validate-scenario.ts';
import type { AuditStore } from '../storage/audit-store.ts';
import type { DeviceLocks } from '../sandbox/device-locks.ts';
import type { RunStore } from '../storage/run-store.ts';
import { checkExercise } from './check-exercise.ts';
import { conditionSummary } from './condition-summary.ts';
import { renderMarkdown } from './lesson-html.ts';
import {
  progressKey,
  type LearnCheckResult,
  type LearnClassView,
  type LearnHint,
  type LearnModuleDetail,
  type LearnModuleSummary,
  type LearnProgress,
  type LearnReservation,
  type LearnResetResult,
} from './learn-wire.ts';
import { pointsReadBy, readPointsNow, timeoutOf } from './live-lab.ts';
import { defaultModulesDir, findModule, loadCurriculum, type LoadedModule } from './load-module.ts';
import { matchPoints, reservedDevices } from './module-site-check.ts';
import type { ProgressRecord, ProgressStore } from './progress-store.ts';
import { resetToModuleStart, trainerActor } from './reset.ts';
import type { Exercise } from './schema.ts';

export interface LearningSpaceDeps {
  site: LoadedSiteInput;
  registry: Registry;
  writePath: Pick<WritePath, 'writeMany'>;
  audit: AuditStore;
  runs?: RunStore;
  progress: ProgressStore;
  /** Absent: reservations answer `supported: false`. */
  locks?: Pick<DeviceLocks, 'hold' | 'release' | 'holderOf' | 'list'>;
  logger: Logger;
  modulesDir?: string;
  /** Where apprentices' scenario files are (`scenario` conditions); default the working directory. */
  workDir?: string;
}

export class UnknownModule extends Error {}

/** Reservations last a lesson's session unless released; the apprentice can renew them. */
export const DEFAULT_RESERVATION_MS = 45 * 60_000;

/**
 * An apprentice's lock holder id is the name (the account name with accounts): the write path lets
 * an apprentice write a held device only when the holder id is its Actor.user (device-locks.ts).
 */
export const apprenticeHolderId = (name: string): string => name;

export class LearningSpace {
  readonly modules: LoadedModule[];
  private readonly facts: SiteFacts;

  constructor(private readonly deps: LearningSpaceDeps) {
    const { modules, problems } = loadCurriculum(deps.modulesDir ?? defaultModulesDir);
    for (const p of problems) deps.logger.warn(`curriculum: ${p.file}:${p.line}:${p.column} ${p.message}`);
    this.modules = modules;
    this.facts = siteFacts(deps.site);
  }

  list(apprentice: string | null): LearnModuleSummary[] {
    const progress = this.progressOf(apprentice);
    return this.modules.map((m) => this.summary(m, progress));
  }

  detail(key: string, apprentice: string | null): LearnModuleDetail {
    const loaded = this.require(key);
    const progress = this.progressOf(apprentice);
    const { exercises: _summaries, ...summary } = this.summary(loaded, progress);
    return {
      ...summary,
      objectives: loaded.module.objectives,
      safety: loaded.module.safety,
      lessonHtml: renderMarkdown(readFileSync(loaded.lessonFile, 'utf8'), 1),
      points: this.modulePoints(loaded),
      exercises: loaded.exercises.map((e) => ({
        id: e.id,
        title: e.title,
        progress: progress.get(progressKey(loaded.module.id, e.id)) ?? null,
        instructionsHtml: renderMarkdown(e.instructions, 3),
        hintCount: e.hints.length,
        reserves: reservedDevices(e, this.facts),
      })),
      reservation: this.reservation(key, apprentice),
    };
  }

  hint(key: string, exerciseId: string, n: number): LearnHint {
    const exercise = this.exercise(this.require(key), exerciseId);
    const text = exercise.hints[n - 1];
    if (text === undefined)
      throw new RangeError(
        `Exercise ${exerciseId} has ${exercise.hints.length} hint(s); hint ${n} does not exist`,
      );
    return { exercise: exercise.id, n, count: exercise.hints.length, text };
  }

  async check(key: string, exerciseId: string, apprentice: string): Promise<LearnCheckResult> {
    const loaded = this.require(key);
    const exercise = this.exercise(loaded, exerciseId);
    const points = pointsReadBy(exercise, this.facts);
    await readPointsNow(this.deps.registry, points, (id) => timeoutOf(this.deps.site, id), this.deps.logger);
    const result = checkExercise(exercise, {
      registry: this.deps.registry,
      audit: this.deps.audit,
      ...(this.deps.runs ? { runs: this.deps.runs } : {}),
      apprentice,
      siteFacts: this.facts,
      ...(this.deps.workDir ? { workDir: this.deps.workDir } : {}),
    });
    const record = this.deps.progress.recordAttempt({
      apprentice,
      module: loaded.module.id,
      exercise: exercise.id,
      passed: result.passed,
      at: result.checkedAt,
    });
    return {
      module: loaded.module.id,
      exercise: exercise.id,
      apprentice,
      passed: result.passed,
      checkedAt: result.checkedAt,
      conditions: result.results.map((r) => ({
        kind: r.kind,
        passed: r.passed,
        summary: conditionSummary(r.condition),
        explanation: r.explanation,
        ...(r.detail ? { detail: r.detail } : {}),
      })),
      progress: toProgress(record),
    };
  }

  /**
   * Writes of the lesson page, signed by the apprentice (`ui:camille` in the audit log, which the
   * exercises' `audit` conditions read). Only the module's points: the lesson page is no console.
   * `by` is the caller's Actor with that audit label: the write path applies its role and, for an
   * apprentice account, its locks. On a local bench everyone is admin, so the names typed in the
   * showroom are kept apart here: a device another apprentice reserved is refused.
   */
  async write(
    key: string,
    requests: WriteRequest[],
    apprentice: string,
    by: string | Actor = `ui:${apprentice}`,
  ): Promise<WriteManyResultBody> {
    const loaded = this.require(key);
    const allowed = new Set(this.modulePoints(loaded));
    const outside = requests.find((r) => !allowed.has(r.point));
    if (outside)
      throw new UnknownPoint(
        `Point ${outside.point} is not used by module ${loaded.module.id}; write it from the console`,
        { point: outside.point },
      );
    for (const device of this.devicesOfPoints(requests.map((r) => r.point))) {
      const holder = this.deps.locks?.holderOf(device);
      if (holder && holder.id !== apprenticeHolderId(apprentice))
        throw new Forbidden(`Device ${device} is reserved by ${holder.label}`, { device });
    }
    return this.deps.writePath.writeMany(requests, by);
  }

  reservation(key: string, apprentice: string | null, exerciseId?: string): LearnReservation {
    const devices = this.reservable(this.require(key), exerciseId);
    const locks = this.deps.locks;
    if (!locks)
      return { supported: false, devices: devices.map((device) => ({ device, holder: null })), mine: false };
    const held = new Map(locks.list().map((l) => [l.device, l]));
    const rows = devices.map((device) => {
      const lock = held.get(device);
      return lock
        ? {
            device,
            holder: lock.holder,
            since: lock.since,
            ...(lock.expiresAt !== undefined ? { expiresAt: lock.expiresAt } : {}),
          }
        : { device, holder: null };
    });
    const mine =
      apprentice !== null &&
      rows.length > 0 &&
      rows.every((r) => r.holder?.id === apprenticeHolderId(apprentice));
    return { supported: true, devices: rows, mine };
  }

  /** Holds the module's (or one exercise's) devices; throws Forbidden naming who holds one already. */
  reserve(
    key: string,
    apprentice: string,
    options: { exercise?: string; ttlMs?: number } = {},
  ): LearnReservation {
    const locks = this.requireLocks();
    const loaded = this.require(key);
    const devices = this.reservable(loaded, options.exercise);
    const me = apprenticeHolderId(apprentice);
    const taken = devices
      .map((device) => ({ device, holder: locks.holderOf(device) }))
      .filter((d) => d.holder !== undefined && d.holder.id !== me);
    if (taken.length > 0)
      throw new Forbidden(
        `Déjà réservé : ${taken.map((t) => `${t.device} par ${t.holder!.label}`).join(', ')}`,
        { device: taken[0]!.device },
      );
    // Holding again renews the lease of every device the apprentice holds (device-locks.ts).
    locks.hold(
      devices,
      { kind: 'apprentice', id: me, label: `apprenti ${apprentice}` },
      { ttlMs: options.ttlMs ?? DEFAULT_RESERVATION_MS },
    );
    return this.reservation(key, apprentice, options.exercise);
  }

  release(key: string, apprentice: string): LearnReservation {
    this.requireLocks().release(apprenticeHolderId(apprentice));
    return this.reservation(key, apprentice);
  }

  classView(): LearnClassView {
    const byApprentice = new Map<string, Record<string, LearnProgress>>();
    for (const r of this.deps.progress.list()) {
      const progress = byApprentice.get(r.apprentice) ?? {};
      progress[progressKey(r.module, r.exercise)] = toProgress(r);
      byApprentice.set(r.apprentice, progress);
    }
    return {
      modules: this.modules.map((m) => ({
        id: m.module.id,
        number: m.module.number,
        title: m.module.title,
        exercises: m.exercises.map((e) => ({ id: e.id, title: e.title })),
      })),
      apprentices: [...byApprentice]
        .sort(([a], [b]) => a.localeCompare(b, 'fr'))
        .map(([name, progress]) => ({ name, progress })),
    };
  }

  async reset(key: string, trainer: string): Promise<LearnResetResult> {
    const loaded = this.require(key);
    const result = await resetToModuleStart(loaded.module, { writePath: this.deps.writePath, trainer });
    return {
      module: loaded.module.id,
      trainer: trainerActor(trainer),
      writes: result.results.map((r) => ({ point: r.point, value: r.value, auditId: r.auditId })),
    };
  }

  private summary(loaded: LoadedModule, progress: Map<string, LearnProgress>): LearnModuleSummary {
    const m = loaded.module;
    return {
      id: m.id,
      number: m.number,
      title: m.title,
      summary: m.summary,
      durationMin: m.durationMin,
      prerequisites: m.prerequisites,
      devices: this.devicesOfPoints(this.modulePoints(loaded)),
      exercises: loaded.exercises.map((e) => ({
        id: e.id,
        title: e.title,
        progress: progress.get(progressKey(m.id, e.id)) ?? null,
      })),
    };
  }

  private modulePoints(loaded: LoadedModule): string[] {
    return [...new Set(loaded.module.devices.flatMap((pattern) => matchPoints(pattern, this.facts)))];
  }

  private devicesOfPoints(points: string[]): string[] {
    const metas = new Map(this.facts.points.map((p) => [p.id, p.device]));
    return [...new Set(points.flatMap((id) => metas.get(id) ?? []))].sort();
  }

  /** An exercise's `reserve` devices, else the devices of the module. */
  private reservable(loaded: LoadedModule, exerciseId?: string): string[] {
    if (exerciseId !== undefined) {
      const reserved = reservedDevices(this.exercise(loaded, exerciseId), this.facts);
      if (reserved.length > 0) return reserved;
    }
    return this.devicesOfPoints(this.modulePoints(loaded));
  }

  private progressOf(apprentice: string | null): Map<string, LearnProgress> {
    if (apprentice === null) return new Map();
    return new Map(
      this.deps.progress.list(apprentice).map((r) => [progressKey(r.module, r.exercise), toProgress(r)]),
    );
  }

  private require(key: string): LoadedModule {
    const found = findModule(this.modules, key);
    if (!found)
      throw new UnknownModule(
        `No module ${key}; modules: ${this.modules.map((m) => m.module.id).join(', ')}`,
      );
    return found;
  }

  private exercise(loaded: LoadedModule, id: string): Exercise {
    const found = loaded.exercises.find((e) => e.id === id);
    if (!found)
      throw new UnknownModule(
        `No exercise ${id} in module ${loaded.module.id}; exercises: ${loaded.exercises.map((e) => e.id).join(', ')}`,
      );
    return found;
  }

  private requireLocks(): NonNullable<LearningSpaceDeps['locks']> {
    if (!this.deps.locks) throw new NotSupported('This controller has no device locks: nothing to reserve');
    return this.deps.locks;
  }
}

function toProgress(r: ProgressRecord): LearnProgress {
  return {
    attempts: r.attempts,
    lastAttemptAt: r.lastAttemptAt,
    lastPassed: r.lastPassed,
    passedAt: r.passedAt,
  };
}

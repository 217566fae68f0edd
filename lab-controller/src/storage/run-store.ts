/**
 * Scenario runs: who started what, when, how it ended, each verdict and the timeline, so a
 * showcase can be replayed and the benchmark can read step start jitter (ARCHITECTURE.md §1,
 * "replay a past showcase").
 *
 * One row per run, written when the run starts (outcome `running`) and completed when it ends:
 * a crash mid-run leaves a row that says so. Verdicts and timeline are JSON columns: they are read
 * whole, never queried inside.
 *
 * The table comes from migration RUNS_MIGRATION, to be appended to storage/migrations.ts.
 * MemoryRunStore keeps runs when the data folder is unusable (as MemoryAuditStore does for audit).
 */
import type { SqliteDatabase } from './database.ts';

/** Migration 2 (append to MIGRATIONS in migrations.ts). */
export const RUNS_MIGRATION = `
  CREATE TABLE run (
    id          TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    site        TEXT NOT NULL,
    who         TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    outcome     TEXT NOT NULL,
    reason      TEXT,
    verdicts    TEXT NOT NULL,
    timeline    TEXT NOT NULL
  );
  CREATE INDEX run_by_start ON run(started_at);
  CREATE INDEX run_by_scenario ON run(scenario_id, started_at);
`;

export type RunOutcome = 'running' | 'passed' | 'failed' | 'aborted' | 'error';

export interface RunRecord<Verdict = unknown, Entry = unknown> {
  id: string;
  scenarioId: string;
  site: string;
  who: string;
  /** Wall-clock ms since the epoch. */
  startedAt: number;
  endedAt: number | null;
  outcome: RunOutcome;
  /** Why it ended that way (the failed expect, the abort reason, the error). */
  reason: string | null;
  verdicts: Verdict[];
  timeline: Entry[];
}

export interface RunStore {
  begin(run: RunRecord): void;
  finish(run: RunRecord): void;
  get(id: string): RunRecord | undefined;
  /** Newest first. */
  recent(limit: number, scenarioId?: string): RunRecord[];
}

export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunRecord>();

  constructor(private readonly capacity = 200) {}

  begin(run: RunRecord): void {
    this.runs.set(run.id, structuredClone(run));
    if (this.runs.size > this.capacity) this.runs.delete(this.runs.keys().next().value!);
  }

  finish(run: RunRecord): void {
    this.runs.set(run.id, structuredClone(run));
  }

  get(id: string): RunRecord | undefined {
    const run = this.runs.get(id);
    return run && structuredClone(run);
  }

  recent(limit: number, scenarioId?: string): RunRecord[] {
    return [...this.runs.values()]
      .filter((r) => scenarioId === undefined || r.scenarioId === scenarioId)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }
}

interface RunRow {
  id: string;
  scenario_id: string;
  site: string;
  who: string;
  started_at: number;
  ended_at: number | null;
  outcome: string;
  reason: string | null;
  verdicts: string;
  timeline: string;
}

export class SqliteRunStore implements RunStore {
  private readonly statements;

  /** `db` is the controller's database (storage/database.ts), migrated with RUNS_MIGRATION. */
  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO run (id, scenario_id, site, who, started_at, ended_at, outcome, reason, verdicts, timeline)
         VALUES (@id, @scenarioId, @site, @who, @startedAt, @endedAt, @outcome, @reason, @verdicts, @timeline)`,
      ),
      update: db.prepare(
        `UPDATE run SET ended_at = @endedAt, outcome = @outcome, reason = @reason, verdicts = @verdicts,
         timeline = @timeline WHERE id = @id`,
      ),
      get: db.prepare<[string], RunRow>('SELECT * FROM run WHERE id = ?'),
      unfinished: db.prepare<[], RunRow>("SELECT * FROM run WHERE outcome = 'running'"),
      recent: db.prepare<[number], RunRow>('SELECT * FROM run ORDER BY started_at DESC, rowid DESC LIMIT ?'),
      recentOf: db.prepare<[string, number], RunRow>(
        'SELECT * FROM run WHERE scenario_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
      ),
    };
  }

  begin(run: RunRecord): void {
    this.statements.insert.run(toRow(run));
  }

  finish(run: RunRecord): void {
    this.statements.update.run(toRow(run));
  }

  /**
   * Runs a previous controller left `running` (it was killed, or the power went): they are closed
   * as `error` with `reason`, and answered so the controller can tell the staff. Runs of the
   * headless CLI (`cli:` starters) are left alone: one may be running right now on this folder.
   */
  closeUnfinished(endedAt: number, reason: string): RunRecord[] {
    const closed = this.statements.unfinished
      .all()
      .map(fromRow)
      .filter((run) => !run.who.startsWith('cli:'))
      .map((run) => ({ ...run, endedAt, outcome: 'error' as const, reason }));
    for (const run of closed) this.finish(run);
    return closed;
  }

  get(id: string): RunRecord | undefined {
    const row = this.statements.get.get(id);
    return row && fromRow(row);
  }

  recent(limit: number, scenarioId?: string): RunRecord[] {
    const rows =
      scenarioId === undefined
        ? this.statements.recent.all(limit)
        : this.statements.recentOf.all(scenarioId, limit);
    return rows.map(fromRow);
  }
}

function toRow(run: RunRecord): Record<string, unknown> {
  return {
    id: run.id,
    scenarioId: run.scenarioId,
    site: run.site,
    who: run.who,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    outcome: run.outcome,
    reason: run.reason,
    verdicts: JSON.stringify(run.verdicts),
    timeline: JSON.stringify(run.timeline),
  };
}

function fromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    site: row.site,
    who: row.who,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    outcome: row.outcome as RunOutcome,
    reason: row.reason,
    verdicts: JSON.parse(row.verdicts) as unknown[],
    timeline: JSON.parse(row.timeline) as unknown[],
  };
}

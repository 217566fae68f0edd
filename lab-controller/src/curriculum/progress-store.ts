/**
 * Apprentices' progress (ARCHITECTURE.md §1: "track progress"): one row per apprentice, module and
 * exercise, with the number of checks tried, the last one, and when it first passed. A check that
 * fails after a pass does not undo the pass: the apprentice did it once, in front of the lab.
 *
 * The table is in the controller's SQLite file (storage/database.ts). PROGRESS_MIGRATION is the
 * migration to append to storage/migrations.ts; until it is there, the store creates the table
 * itself if missing (the statement is idempotent), so an older data folder still records progress.
 * MemoryProgressStore serves when the data folder is unusable.
 */
import type { SqliteDatabase } from '../storage/database.ts';

export const PROGRESS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS progress (
    apprentice      TEXT NOT NULL,
    module          TEXT NOT NULL,
    exercise        TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    last_attempt_at INTEGER NOT NULL,
    last_passed     INTEGER NOT NULL,
    passed_at       INTEGER,
    PRIMARY KEY (apprentice, module, exercise)
  );
`;

export interface ProgressRecord {
  apprentice: string;
  module: string;
  exercise: string;
  attempts: number;
  /** Wall-clock ms of the last check. */
  lastAttemptAt: number;
  lastPassed: boolean;
  /** When a check first passed; null until then. */
  passedAt: number | null;
}

export interface AttemptInput {
  apprentice: string;
  module: string;
  exercise: string;
  passed: boolean;
  at: number;
}

export interface ProgressStore {
  recordAttempt(attempt: AttemptInput): ProgressRecord;
  /** One apprentice's records, or everyone's; sorted by apprentice, module, exercise. */
  list(apprentice?: string): ProgressRecord[];
}

export class MemoryProgressStore implements ProgressStore {
  private readonly records = new Map<string, ProgressRecord>();

  recordAttempt(attempt: AttemptInput): ProgressRecord {
    const key = JSON.stringify([attempt.apprentice, attempt.module, attempt.exercise]);
    const next = nextRecord(this.records.get(key), attempt);
    this.records.set(key, next);
    return { ...next };
  }

  list(apprentice?: string): ProgressRecord[] {
    return [...this.records.values()]
      .filter((r) => apprentice === undefined || r.apprentice === apprentice)
      .sort(byKey)
      .map((r) => ({ ...r }));
  }
}

interface ProgressRow {
  apprentice: string;
  module: string;
  exercise: string;
  attempts: number;
  last_attempt_at: number;
  last_passed: number;
  passed_at: number | null;
}

export class SqliteProgressStore implements ProgressStore {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    db.exec(PROGRESS_MIGRATION);
    this.statements = {
      get: db.prepare<[string, string, string], ProgressRow>(
        'SELECT * FROM progress WHERE apprentice = ? AND module = ? AND exercise = ?',
      ),
      upsert: db.prepare(
        `INSERT INTO progress (apprentice, module, exercise, attempts, last_attempt_at, last_passed, passed_at)
         VALUES (@apprentice, @module, @exercise, @attempts, @lastAttemptAt, @lastPassed, @passedAt)
         ON CONFLICT (apprentice, module, exercise) DO UPDATE SET attempts = excluded.attempts,
         last_attempt_at = excluded.last_attempt_at, last_passed = excluded.last_passed, passed_at = excluded.passed_at`,
      ),
      all: db.prepare<[], ProgressRow>('SELECT * FROM progress ORDER BY apprentice, module, exercise'),
      of: db.prepare<[string], ProgressRow>(
        'SELECT * FROM progress WHERE apprentice = ? ORDER BY module, exercise',
      ),
    };
  }

  recordAttempt(attempt: AttemptInput): ProgressRecord {
    // Read and write in one transaction: two checks at once must not lose an attempt.
    return this.db.transaction(() => {
      const row = this.statements.get.get(attempt.apprentice, attempt.module, attempt.exercise);
      const next = nextRecord(row && fromRow(row), attempt);
      this.statements.upsert.run({ ...next, lastPassed: next.lastPassed ? 1 : 0 });
      return next;
    })();
  }

  list(apprentice?: string): ProgressRecord[] {
    const rows = apprentice === undefined ? this.statements.all.all() : this.statements.of.all(apprentice);
    return rows.map(fromRow);
  }
}

function nextRecord(previous: ProgressRecord | undefined, attempt: AttemptInput): ProgressRecord {
  return {
    apprentice: attempt.apprentice,
    module: attempt.module,
    exercise: attempt.exercise,
    attempts: (previous?.attempts ?? 0) + 1,
    lastAttemptAt: attempt.at,
    lastPassed: attempt.passed,
    passedAt: previous?.passedAt ?? (attempt.passed ? attempt.at : null),
  };
}

function fromRow(row: ProgressRow): ProgressRecord {
  return {
    apprentice: row.apprentice,
    module: row.module,
    exercise: row.exercise,
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at,
    lastPassed: row.last_passed === 1,
    passedAt: row.passed_at,
  };
}

function byKey(a: ProgressRecord, b: ProgressRecord): number {
  return (
    a.apprentice.localeCompare(b.apprentice) ||
    a.module.localeCompare(b.module) ||
    a.exercise.localeCompare(b.exercise)
  );
}

import { ACCOUNTS_MIGRATION } from '../auth/account-store.ts';
import { RUNS_MIGRATION } from './run-store.ts';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran.
 * Never edit a released entry: append a new one (profiles and data outlive code, ARCHITECTURE.md §7).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: samples (point ids interned to keep rows small), audit log.
  `
  CREATE TABLE point (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  CREATE TABLE sample (
    point_id INTEGER NOT NULL REFERENCES point(id),
    ts       INTEGER NOT NULL,
    value,
    quality  TEXT NOT NULL
  );
  CREATE INDEX sample_by_point_time ON sample(point_id, ts);
  CREATE TABLE audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    ts            INTEGER NOT NULL,
    who           TEXT NOT NULL,
    point         TEXT NOT NULL,
    device        TEXT,
    old_value     TEXT,
    new_value     TEXT,
    ok            INTEGER NOT NULL,
    error_code    TEXT,
    error_message TEXT,
    commands      TEXT NOT NULL
  );
  CREATE INDEX audit_by_time ON audit(ts);
  `,
  // 2: scenario runs (lab-controller/src/scenario records one row per run).
  RUNS_MIGRATION,
  // 3: apprentices' progress (lab-controller/src/curriculum/progress-store.ts creates it too on older folders).
  `
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
  `,
  // 4: accounts and sessions (lab-controller/src/auth/account-store.ts, session-store.ts).
  ACCOUNTS_MIGRATION,
];

/**
 * What a curriculum command reads and writes in the data folder (`./data` or PHARE_DATA_DIR): the
 * audit log and the scenario runs the lab recorded (the daemon, `phare write` and
 * `phare scenario run` all write to the same SQLite file, WAL mode lets us read beside them), and
 * the apprentices' progress. An unusable folder gives in-memory stores and a warning, as the
 * controller does.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import { MemoryAuditStore, type AuditStore } from '../storage/audit-store.ts';
import {
  openDatabase,
  resolveDataDir,
  StorageUnavailable,
  type SqliteDatabase,
} from '../storage/database.ts';
import { Recorder } from '../storage/recorder.ts';
import { SqliteRunStore, type RunStore } from '../storage/run-store.ts';
import { MemoryProgressStore, SqliteProgressStore, type ProgressStore } from './progress-store.ts';

export interface LabStorage {
  audit: AuditStore;
  /** Undefined when this data folder records no runs (no `run` table yet). */
  runs?: RunStore;
  progress: ProgressStore;
  close(): void;
}

export function openLabStorage(dataDir: string | undefined, logger: Logger): LabStorage {
  let db: SqliteDatabase;
  try {
    db = openDatabase(resolveDataDir(dataDir));
  } catch (error) {
    if (!(error instanceof StorageUnavailable)) throw error;
    logger.warn(`${error.message} Progress is not kept.`);
    return { audit: new MemoryAuditStore(), progress: new MemoryProgressStore(), close: () => undefined };
  }
  const recorder = new Recorder(db);
  const hasRunTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'run'").get();
  return {
    audit: recorder,
    ...(hasRunTable ? { runs: new SqliteRunStore(db) } : {}),
    progress: new SqliteProgressStore(db),
    close: () => recorder.close(),
  };
}

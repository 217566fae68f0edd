/**
 * The controller's SQLite file: `<dataDir>/phare.sqlite`, in WAL mode (readers such as the history
 * API never block the recorder's batched writes), schema migrated by `PRAGMA user_version`.
 *
 * Opening fails with a StorageUnavailable that names the folder and the cause; the controller
 * logs it and keeps driving devices without recording (ARCHITECTURE.md §6, "a full disk").
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';
import { createPrivateFile, databaseFiles, PRIVATE_DIR_MODE, restrictFiles } from './private-files.ts';

export type SqliteDatabase = Database.Database;

export class StorageUnavailable extends Error {
  constructor(
    message: string,
    readonly dataDir: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageUnavailable';
  }
}

export const DATABASE_FILE = 'phare.sqlite';

/** `PHARE_DATA_DIR` overrides the default `./data` (relative to the working directory). */
export function resolveDataDir(explicit?: string): string {
  return resolve(explicit ?? process.env['PHARE_DATA_DIR'] ?? 'data');
}

export function openDatabase(dataDir: string): SqliteDatabase {
  try {
    // Folders Phare creates are private: the database holds password hashes (private-files.ts).
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    throw new StorageUnavailable(
      `Data folder ${dataDir} cannot be created or written (${reason(error)}); ` +
        'set PHARE_DATA_DIR to a writable folder. Devices keep running, nothing is recorded.',
      dataDir,
      { cause: error },
    );
  }
  const file = join(dataDir, DATABASE_FILE);
  let db: SqliteDatabase | undefined;
  try {
    createPrivateFile(file);
    restrictFiles(databaseFiles(file));
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last batch.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    migrate(db);
    restrictFiles(databaseFiles(file));
    return db;
  } catch (error) {
    db?.close();
    throw new StorageUnavailable(
      `Database ${file} cannot be opened (${reason(error)}). Devices keep running, nothing is recorded.`,
      dataDir,
      { cause: error },
    );
  }
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `schema version ${current} is newer than this Phare knows (${MIGRATIONS.length}); upgrade Phare or use another data folder`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

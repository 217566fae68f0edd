/**
 * The SQLite file holds password hashes and session tokens (accounts, migration 4) besides the
 * samples: it and its WAL companions are 0600, and a data folder Phare creates is 0700 (issue 9 §6).
 * SQLite creates `-wal` and `-shm` with the mode of the database file (os_unix.c findCreateFileMode),
 * so creating the database file 0600 before SQLite opens it covers them from their first byte.
 *
 * Best effort on file systems without POSIX modes: chmod failures are ignored, never fatal.
 */
import { chmodSync, statSync, writeFileSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `file` empty with mode 0600 if it does not exist (an empty file is an empty SQLite database). */
export function createPrivateFile(file: string): void {
  try {
    writeFileSync(file, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch {
    // Exists already (restricted below), or the folder is unwritable (SQLite will say so).
  }
}

/** Sets 0600 on each of `files` that exists as a regular file. */
export function restrictFiles(files: readonly string[]): void {
  for (const file of files) {
    try {
      if (statSync(file).isFile()) chmodSync(file, PRIVATE_FILE_MODE);
    } catch {
      // Absent, or no POSIX modes here: nothing more to do.
    }
  }
}

/** The database file and the companions SQLite keeps beside it in WAL mode. */
export function databaseFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Restrictive file modes for the OPC-UA client PKI (issue 9 §6): the folder and every folder in it
 * 0700, every file 0600. own/private holds the client's private key, which node-opcua writes with
 * the process umask (often 0644); with the PKI root at 0700 nobody else can reach it even in the
 * moment before its own mode is fixed. Certificates are public, but one rule for the whole folder
 * keeps it simple and `phare certs` runs as the same user.
 *
 * Best effort: on a file system without POSIX modes (FAT, some mounts) chmod fails or is a no-op,
 * which is reported to the logger, never thrown: a mode cannot be a reason to stop driving devices.
 */
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../contract.ts';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Sets 0700 on `pkiDir` and its folders and 0600 on its files; returns how many entries failed. */
export function restrictPkiModes(pkiDir: string, logger: Logger = silentLogger): number {
  let failures = 0;
  const chmod = (path: string, mode: number): boolean => {
    try {
      chmodSync(path, mode);
      return true;
    } catch (error) {
      failures++;
      logger.debug('cannot restrict the mode of a PKI entry', { path, error: String(error) });
      return false;
    }
  };
  const walk = (dir: string): void => {
    if (!chmod(dir, PRIVATE_DIR_MODE)) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) chmod(path, PRIVATE_FILE_MODE);
    }
  };
  walk(pkiDir);
  return failures;
}

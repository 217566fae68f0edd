/**
 * Where Phare's data lives, found from this module's location so that the CLI, the daemon and the
 * tests agree whatever the working directory is.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file is lab-controller/src/config/paths.ts. */
export const repoRoot: string = fileURLToPath(new URL('../../../', import.meta.url));

/** Profiles live under hardware/profiles/<vendor>/<model>.yaml (ARCHITECTURE.md §2). */
export const defaultProfilesDir: string = resolve(repoRoot, 'hardware/profiles');

/** The generated JSON Schemas editors use (yaml-language-server modelines point here). */
export const schemaDir: string = resolve(repoRoot, 'hardware/schema');

/**
 * The path shown in a problem: relative to the working directory when the file is inside it (as
 * compilers print paths, so a terminal or editor can open `file:line:column`), absolute otherwise.
 */
export function displayPath(file: string): string {
  const absolute = resolve(file);
  const rel = relative(process.cwd(), absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}

/**
 * Builds showroom-ui/dist for browser tests, unless the build is newer than every source file.
 * The controller serves that folder, exactly as `npm start` does.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const uiRoot = fileURLToPath(new URL('..', import.meta.url));
export const uiDist = join(uiRoot, 'dist');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stat.mtimeMs,
  );
}

export function isBuildFresh(): boolean {
  const built = join(uiDist, 'index.html');
  if (!existsSync(built)) return false;
  const sources = ['src', 'index.html', 'vite.config.ts', 'svelte.config.js'].map((name) =>
    join(uiRoot, name),
  );
  return Math.max(...sources.map(newestMtime)) < statSync(built).mtimeMs;
}

export async function buildShowroomIfStale(): Promise<void> {
  if (isBuildFresh()) return;
  await build({ root: uiRoot, configFile: join(uiRoot, 'vite.config.ts'), logLevel: 'error' });
}

/** Paths of the config fixtures, and the file name a problem shows for them. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixtureProfilesDir = fileURLToPath(new URL('./fixtures/profiles/', import.meta.url));

export function fixture(path: string): string {
  return fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
}

/** Problems name files relative to the working directory when inside it (as compilers do), else absolute. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

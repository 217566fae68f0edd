/** What the report says about where it ran: Phare's version (from package.json, never typed by hand) and the platform. */
import { readFileSync } from 'node:fs';
import { arch, hostname, release, type } from 'node:os';

const ROOT_PACKAGE = new URL('../../../package.json', import.meta.url);

export function phareVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function environment(): { node: string; os: string; arch: string; hostname?: string } {
  return { node: process.version, os: `${type()} ${release()}`, arch: arch(), hostname: hostname() };
}

/**
 * OPC-UA PKI folders kept between test runs (under node_modules/.cache, never in the repository):
 * making an RSA key and a certificate for the simulated building controller and for the
 * controller's client costs seconds on a loaded machine, every time a test starts one.
 *
 * A run never works in the cache itself: `restore` copies it into the test's temporary folder,
 * and `save` stores a folder made by a run only if none is cached yet, through a rename, so two
 * test files at once or a run killed half-way never leave a half-written PKI behind.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../src/config/paths.ts';

const CACHE_ROOT = join(repoRoot, 'node_modules', '.cache', 'phare-tests');

export class PkiCache {
  private readonly dir: string;

  constructor(name: string) {
    this.dir = join(CACHE_ROOT, name);
  }

  /** Copies the cached `part` into `target`, if there is one. */
  restore(part: string, target: string): void {
    const cached = join(this.dir, part);
    if (existsSync(cached)) cpSync(cached, target, { recursive: true });
  }

  /** Keeps `source` as `part` unless one is cached already; failures only cost the next run time. */
  save(part: string, source: string): void {
    const cached = join(this.dir, part);
    if (existsSync(cached) || !existsSync(source)) return;
    const staging = `${cached}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      cpSync(source, staging, { recursive: true });
      renameSync(staging, cached);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
}

/**
 * Test harness: the demo site's simulators on ephemeral ports, a controller on an ephemeral port
 * with a temporary data folder, and small HTTP helpers. Everything goes through real sockets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import { startController, type Controller } from '../../src/controller/start-controller.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import type { ApiResult } from '../../src/api/wire.ts';

export function tempDir(prefix = 'phare-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startDemoSimulators(): Promise<RunningSimulators> {
  return startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true });
}

export async function startTestController(sims: RunningSimulators, dataDir: string): Promise<Controller> {
  return startController({
    site: sims.site,
    port: 0,
    dataDir,
    logger: silentLogger,
    uiDistDir: join(dataDir, 'no-ui'),
    recorderFlushMs: 50,
  });
}

export interface HttpAnswer<T> {
  status: number;
  body: ApiResult<T>;
}

export async function getJson<T>(url: string): Promise<HttpAnswer<T>> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as ApiResult<T> };
}

export async function postJson<T>(url: string, body: unknown, raw = false): Promise<HttpAnswer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ApiResult<T> };
}

/** Polls `probe` until it returns a defined value; generous bounds for a loaded 2-core machine. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
  );
}

export function dataOf<T>(answer: HttpAnswer<T>): T {
  if (!answer.body.ok)
    throw new Error(`expected ok, got ${answer.status} ${JSON.stringify(answer.body.error)}`);
  return answer.body.data;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, PointSnapshot, WriteResultBody } from '../../src/api/wire.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import {
  dataOf,
  eventually,
  getJson,
  postJson,
  removeDir,
  startDemoSimulators,
  startTestController,
  tempDir,
} from '../support/harness.ts';

let sims: RunningSimulators;
let controller: Controller;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, 'not a folder');
  sims = await startDemoSimulators();
  controller = await startTestController(sims, join(blocker, 'data'));
});
afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  removeDir(dir);
});

describe('controller with an unusable data folder', () => {
  it('keeps driving devices, audits writes in memory, and answers history with 503', async () => {
    expect(controller.recorder).toBeNull();
    const api = `${controller.url}/api`;
    await eventually(
      async () => {
        const p = dataOf(await getJson<PointSnapshot>(`${api}/points/street.lamp01.level`));
        return p.state.quality === 'good' ? true : undefined;
      },
      20_000,
      'live values',
    );
    const written = dataOf(
      await postJson<WriteResultBody>(`${api}/points/street.lamp01.level`, { value: 20 }),
    );
    const audit = dataOf(await getJson<AuditRecord[]>(`${api}/audit`));
    expect(audit[0]).toMatchObject({ id: written.auditId, ok: true });
    const history = await getJson(`${api}/points/street.lamp01.level/history`);
    expect(history.status).toBe(503);
    expect(history.body).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
  }, 60_000);
});

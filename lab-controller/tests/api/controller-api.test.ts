import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditRecord,
  DeviceHealth,
  HistorySample,
  PointSnapshot,
  SiteView,
  WriteManyResultBody,
  WriteResultBody,
} from '../../src/api/wire.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
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
import { simulatorLevel } from '../support/simulator-state.ts';

let sims: RunningSimulators;
let controller: Controller;
let dataDir: string;
let api: string;

beforeAll(async () => {
  dataDir = tempDir();
  sims = await startDemoSimulators();
  controller = await startTestController(sims, dataDir);
  api = `${controller.url}/api`;
  // Wait for the first poll of a luminaire so values are live.
  await eventually(
    async () => {
      const p = dataOf(await getJson<PointSnapshot>(`${api}/points/street.lamp01.level`));
      return p.state.quality === 'good' ? p : undefined;
    },
    20_000,
    'first poll of street.lamp01.level',
  );
  // The demo starts an OPC-UA server too: its certificate takes seconds on a loaded machine.
}, 90_000);

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  removeDir(dataDir);
});

const controlOf = (device: string) => sims.endpoints.find((e) => e.device === device)!.controlUrl!;

describe('controller HTTP API', () => {
  it('serves the site with luminaires and groups mapped to point ids', async () => {
    const site = dataOf(await getJson<SiteView>(`${api}/site`));
    expect(site.id).toBe('demo');
    const street = site.devices.find((d) => d.id === 'street')!;
    expect(street.luminaires).toHaveLength(12);
    expect(street.luminaires![0]!.points['level']).toBe('street.lamp01.level');
    expect(street.groups!.map((g) => g.levelPoint)).toContain('street.group1.level');
  });

  it('lists every point with live values read from the simulators', async () => {
    const points = dataOf(await getJson<PointSnapshot[]>(`${api}/points`));
    const level = points.find((p) => p.meta.id === 'park.bollard1.level')!;
    expect(level.meta).toMatchObject({ unit: '%', writable: true, limits: { min: 0, max: 100 } });
    await eventually(
      async () => {
        const p = dataOf(await getJson<PointSnapshot>(`${api}/points/park.bollard1.level`));
        return p.state.quality === 'good' && typeof p.state.value === 'number' ? p : undefined;
      },
      20_000,
      'park.bollard1.level live',
    );
  });

  it('shows device health with statistics', async () => {
    const devices = await eventually(
      async () => {
        const d = dataOf(await getJson<DeviceHealth[]>(`${api}/devices`));
        return d.every((x) => x.status === 'online') ? d : undefined;
      },
      40_000,
      'all devices online',
    );
    expect(devices.map((d) => d.id).sort()).toEqual([
      'basin',
      'maquette',
      'park',
      'river',
      'river-quality',
      'school',
      'school-water',
      'street',
    ]);
    expect(devices[0]!.stats.requests).toBeGreaterThan(0);
  }, 60_000);

  it('writes a level within limits to the device and audits it', async () => {
    const answer = await postJson<WriteResultBody>(`${api}/points/street.lamp03.level`, { value: 42 });
    expect(answer.status).toBe(200);
    const result = dataOf(answer);
    expect(result).toMatchObject({ point: 'street.lamp03.level', value: 42 });
    expect(result.commands.length).toBeGreaterThan(0);
    // The simulator itself now drives lamp03 (short address 2) towards 42 %.
    await eventually(
      async () => {
        const level = await simulatorLevel(controlOf('street'), 2);
        return Math.abs(level - 42) < 1.5 ? level : undefined;
      },
      20_000,
      'simulator lamp03 at 42 %',
    );
    const audit = dataOf(await getJson<AuditRecord[]>(`${api}/audit?limit=5`));
    expect(audit[0]).toMatchObject({
      id: result.auditId,
      point: 'street.lamp03.level',
      newValue: 42,
      ok: true,
    });
    expect(audit[0]!.who).toMatch(/^api:/);
  });

  it('refuses a level above the profile limit with 400 OUT_OF_RANGE and audits the refusal', async () => {
    const answer = await postJson<WriteResultBody>(`${api}/points/street.lamp03.level`, { value: 150 });
    expect(answer.status).toBe(400);
    expect(answer.body.ok).toBe(false);
    if (answer.body.ok) return;
    expect(answer.body.error.code).toBe('OUT_OF_RANGE');
    expect(answer.body.error.message).toContain('street.lamp03.level');
    expect(answer.body.error.message).toContain('150');
    expect(answer.body.error.message).toContain('hms/intesis-dali-modbus');
    const audit = dataOf(await getJson<AuditRecord[]>(`${api}/audit?limit=1`));
    expect(audit[0]).toMatchObject({
      point: 'street.lamp03.level',
      newValue: 150,
      ok: false,
      error: { code: 'OUT_OF_RANGE' },
    });
  });

  it('refuses NaN-like and wrongly typed values with 400, never 500', async () => {
    for (const value of ['abc', null, true, '1e999']) {
      const answer = await postJson(`${api}/points/street.lamp03.level`, { value });
      expect(answer.status).toBe(400);
    }
  });

  it('answers 404 UNKNOWN_POINT for a point that does not exist', async () => {
    const write = await postJson(`${api}/points/street.lamp99.level`, { value: 10 });
    expect(write.status).toBe(404);
    expect(write.body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_POINT' } });
    const read = await getJson(`${api}/points/nowhere.x`);
    expect(read.status).toBe(404);
  });

  it('answers 409 NOT_SUPPORTED when writing a read-only point', async () => {
    const answer = await postJson(`${api}/points/street.lamp01.status`, { value: 1 });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
  });

  it('answers 400 with an error envelope for invalid JSON and bad bodies', async () => {
    const invalid = await postJson(`${api}/points/street.lamp01.level`, '{"value": 4', true);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const noValue = await postJson(`${api}/points/street.lamp01.level`, { level: 4 });
    expect(noValue.status).toBe(400);
    const notArray = await postJson(`${api}/writes`, { point: 'street.lamp01.level', value: 4 });
    expect(notArray.status).toBe(400);
  });

  it('writes a DALI group level as one group command, and shows the commanded value', async () => {
    const answer = await postJson<WriteResultBody>(`${api}/points/street.group2.level`, { value: 30 });
    const result = dataOf(answer);
    expect(result.commands).toHaveLength(1);
    const group = dataOf(await getJson<PointSnapshot>(`${api}/points/street.group2.level`));
    expect(group.state.value).toBe(30);
    // lamp06 (short address 5) is in group 2.
    await eventually(
      async () => {
        const level = await simulatorLevel(controlOf('street'), 5);
        return Math.abs(level - 30) < 1.5 ? level : undefined;
      },
      20_000,
      'simulator lamp06 at 30 %',
    );
  });

  it('writes several points at once, refusing all of them if one is out of limits', async () => {
    const refused = await postJson(`${api}/writes`, [
      { point: 'park.bollard1.level', value: 20 },
      { point: 'park.bollard2.level', value: 101 },
    ]);
    expect(refused.status).toBe(400);
    const audit = dataOf(await getJson<AuditRecord[]>(`${api}/audit?limit=2`));
    expect(audit.map((a) => [a.point, a.error?.code])).toEqual([
      ['park.bollard2.level', 'OUT_OF_RANGE'],
      ['park.bollard1.level', 'CANCELED'],
    ]);
    const ok = dataOf(
      await postJson<WriteManyResultBody>(`${api}/writes`, [
        { point: 'park.bollard1.level', value: 60 },
        { point: 'park.bollard2.level', value: 60 },
      ]),
    );
    expect(ok.results.map((r) => r.point)).toEqual(['park.bollard1.level', 'park.bollard2.level']);
    await eventually(
      async () => {
        const level = await simulatorLevel(controlOf('park'), 1);
        return Math.abs(level - 60) < 1.5 ? level : undefined;
      },
      20_000,
      'simulator bollard2 at 60 %',
    );
  });

  it('records samples of changing points and answers history queries', async () => {
    await postJson(`${api}/points/street.lamp04.level`, { value: 77 });
    const samples = await eventually(
      async () => {
        const h = dataOf(await getJson<HistorySample[]>(`${api}/points/street.lamp04.level/history?from=0`));
        return h.some((s) => typeof s.value === 'number' && Math.abs(s.value - 77) <= 2) ? h : undefined;
      },
      20_000,
      'history of lamp04 with 77',
    );
    expect(samples.every((s, i) => i === 0 || s.ts >= samples[i - 1]!.ts)).toBe(true);
    const bad = await getJson(`${api}/points/street.lamp04.level/history?from=yesterday`);
    expect(bad.status).toBe(400);
  });

  it('answers a small page for the UI when the showroom is not built, and 404 envelopes for unknown API routes', async () => {
    const page = await fetch(`${controller.url}/twin`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('vite build');
    const missing = await getJson(`${api}/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.body.ok).toBe(false);
  });
});

import { spawn } from 'node:child_process';
/**
 * The scenario API of the running controller (api/scenario-routes.ts) over HTTP and socket.io:
 * the catalogue says what can run and why not, runs start, clash (409), wait for offline points
 * (422, naming them), abort with `finally` completed, ask the operator and take the confirmation.
 * The demo's simulators run on ephemeral ports on a SimulationClock shared with the engine.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type {
  RunImpactView,
  ScenarioCatalogueEntry,
  ScenarioEventView,
  ScenarioRunSummary,
  ScenarioRunView,
  StartRunResultBody,
} from '../../src/api/wire.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import { startController, type Controller } from '../../src/controller/start-controller.ts';
import { listLibrary } from '../../src/scenario/library.ts';
import { SimulationClock } from '../../src/scenario/simulation-clock.ts';
import { dataOf, eventually, getJson, postJson, removeDir, tempDir } from '../support/harness.ts';
import { settled } from './simulator.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const PHARE_BIN = fileURLToPath(new URL('../../bin/phare.mjs', import.meta.url));

/** The CLI as a user runs it, in a child process. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PHARE_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const libraryFile = (id: string): string => listLibrary().find((e) => e.id === id)!.file;

describe('scenario API', () => {
  let dataDir: string;
  let sims: RunningSimulators;
  let controller: Controller;
  let socket: Socket;
  const events: ScenarioEventView[] = [];
  const url = (path: string): string => `${controller.url}${path}`;

  beforeAll(async () => {
    dataDir = tempDir('phare-scenario-api-');
    // A small library: two showcases and a scenario that asks the operator.
    const library = join(dataDir, 'scenarios');
    mkdirSync(join(library, 'lighting'), { recursive: true });
    mkdirSync(join(library, 'water'), { recursive: true });
    copyFileSync(libraryFile('night-dimming'), join(library, 'lighting', 'night-dimming.yaml'));
    copyFileSync(libraryFile('lamp-failure'), join(library, 'lighting', 'lamp-failure.yaml'));
    copyFileSync(fixture('operator-prompt.yaml'), join(library, 'lighting', 'operator-prompt.yaml'));
    copyFileSync(libraryFile('turbidity-alarm'), join(library, 'water', 'turbidity-alarm.yaml'));
    const clock = new SimulationClock();
    sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true, clock });
    // The street's simulator is left out of the control map: for the engine it is real kit, whose
    // stimuli are operator prompts.
    const simulatorControl = Object.fromEntries(
      sims.endpoints.flatMap((e) =>
        e.controlUrl && e.device !== 'street' ? [[e.device, e.controlUrl]] : [],
      ),
    );
    controller = await startController({
      site: sims.site,
      port: 0,
      dataDir,
      logger: silentLogger,
      uiDistDir: join(dataDir, 'no-ui'),
      recorderFlushMs: 50,
      clock,
      simulatorControl,
      scenariosDir: library,
    });
    socket = io(controller.url, { transports: ['websocket'] });
    socket.on('scenario', (event: ScenarioEventView) => events.push(event));
    await eventually(
      async () => {
        const list = dataOf(await getJson<ScenarioCatalogueEntry[]>(url('/api/scenarios')));
        return list.every((s) => s.canRun) ? list : undefined;
      },
      30_000,
      'every scenario to be ready',
    );
  }, 90_000);

  afterAll(async () => {
    socket?.close();
    await controller?.stop();
    await sims?.stop();
    removeDir(dataDir);
  });

  it('lists the library with titles, workstreams, speeds and steps, each ready to run', async () => {
    const list = dataOf(await getJson<ScenarioCatalogueEntry[]>(url('/api/scenarios')));
    expect(list.map((s) => s.id)).toEqual([
      'lamp-failure',
      'night-dimming',
      'operator-prompt',
      'turbidity-alarm',
    ]);
    const turbidity = list.find((s) => s.id === 'turbidity-alarm')!;
    expect(turbidity).toMatchObject({ workstreams: ['water'], speed: 20, canRun: true });
    expect(turbidity.title.fr).toBe('Alerte turbidité sur la rivière');
    expect(turbidity.steps.find((s) => s.id === 'turbidity-over-threshold')).toMatchObject({
      kind: 'expect',
      inFinally: false,
      text: { en: 'Turbidity passes the 50 NTU alert threshold' },
    });
    // The street counts as real kit here: its scenario plays at real speed.
    expect(list.find((s) => s.id === 'night-dimming')!.speed).toBe(1);
  });

  it('answers 404 for an unknown scenario and 400 for a bad speed', async () => {
    expect((await postJson(url('/api/scenarios/nope/runs'), {})).status).toBe(404);
    expect((await postJson(url('/api/scenarios/night-dimming/runs'), { speed: -1 })).status).toBe(400);
  });

  it('refuses a second scenario on the same street with 409, then aborts the first: finally restores the night level', async () => {
    const started = await postJson<StartRunResultBody>(url('/api/scenarios/night-dimming/runs'), {});
    expect(started.status).toBe(201);
    const { run } = dataOf(started);
    await eventually(
      () => events.find((e) => e.run === run && e.kind === 'verdict' && e.detail?.['ok'] === true),
      30_000,
      'a passed expect of night-dimming',
    );
    const clash = await postJson(url('/api/scenarios/lamp-failure/runs'), {});
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!clash.body.ok) expect(clash.body.error.message).toMatch(/in use by scenario night-dimming/);
    const catalogue = dataOf(await getJson<ScenarioCatalogueEntry[]>(url('/api/scenarios')));
    expect(catalogue.find((s) => s.id === 'lamp-failure')).toMatchObject({
      canRun: false,
      whyNot: { code: 'CONFLICT' },
    });

    const live = dataOf(await getJson<ScenarioRunView>(url(`/api/runs/${run}`)));
    expect(live).toMatchObject({ active: true, outcome: 'running', scenarioId: 'night-dimming' });
    expect(live.events.some((e) => e.kind === 'say')).toBe(true);
    expect(live.points).toContain('street.group1.level');

    const aborted = await postJson<ScenarioRunView>(url(`/api/runs/${run}/abort`), {});
    expect(aborted.status).toBe(200);
    const view = dataOf(aborted);
    expect(view).toMatchObject({ active: false, outcome: 'aborted' });
    const finallySteps = view.timeline.filter((e) => e.inFinally);
    expect(finallySteps.length).toBeGreaterThan(0);
    expect(finallySteps.every((e) => e.ok)).toBe(true);
    for (const g of await settled(sims.endpoints.find((e) => e.device === 'street')!.controlUrl!))
      expect(Math.abs(g.levelPercent - 30)).toBeLessThanOrEqual(3);
    expect(
      events.some((e) => e.run === run && e.kind === 'run-ended' && e.detail?.['outcome'] === 'aborted'),
    ).toBe(true);
    const recent = dataOf(await getJson<ScenarioRunSummary[]>(url('/api/runs')));
    expect(recent[0]).toMatchObject({
      id: run,
      outcome: 'aborted',
      title: { en: 'Night dimming on demand' },
    });
    expect((await postJson(url(`/api/runs/${run}/abort`), {})).status).toBe(409);

    // The run's energy, judged against the baseline night-dimming declares (all at 100 %).
    const impact = dataOf(await getJson<RunImpactView>(url(`/api/runs/${run}/impact`)));
    expect(impact.devices).toEqual(['street']);
    expect(impact.baseline).toMatchObject({ kind: 'full-power', missing: null });
    const comparison = impact.baseline!.comparison!;
    expect(comparison).toEqual(impact.measured.lighting.comparison);
    expect(comparison.baselineKWh).toBeGreaterThan(comparison.measuredKWh);
  }, 90_000);

  it('asks the operator through a prompt and goes on when the prompt is confirmed', async () => {
    const { run } = dataOf(
      await postJson<StartRunResultBody>(url('/api/scenarios/operator-prompt/runs'), {}),
    );
    const view = await eventually(
      async () => {
        const v = dataOf(await getJson<ScenarioRunView>(url(`/api/runs/${run}`)));
        return v.prompts.length > 0 ? v : undefined;
      },
      15_000,
      'the prompt',
    );
    expect(view.prompts).toEqual([
      { step: 'ask', device: 'street', text: { fr: 'Débranchez lamp07', en: 'Unplug lamp07' } },
    ]);
    expect((await postJson(url(`/api/runs/${run}/prompts/nope/confirm`), {})).status).toBe(404);
    expect((await postJson(url(`/api/runs/${run}/prompts/ask/confirm`), {})).status).toBe(200);
    const ended = await eventually(
      async () => {
        const v = dataOf(await getJson<ScenarioRunView>(url(`/api/runs/${run}`)));
        return v.active ? undefined : v;
      },
      30_000,
      'the run to end',
    );
    expect(ended.outcome).toBe('passed');
    expect(events.some((e) => e.run === run && e.kind === 'prompt-confirmed')).toBe(true);
  }, 60_000);

  it('phare scenario run starts the run on the controller and follows it to its verdicts', async () => {
    const cli = await runCli([
      'scenario',
      'run',
      'turbidity-alarm',
      '--site',
      DEMO_SITE,
      '--controller',
      controller.url,
      '--lang',
      'en',
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const runId = /run (\S+) started on the controller/.exec(cli.stdout)?.[1];
    expect(runId).toBeDefined();
    expect(cli.stdout).toMatch(/PASS {2}turbidity-over-threshold/);
    expect(cli.stdout).toMatch(/^passed: \d+\/\d+ expects passed on the controller/m);
    // The showroom sees it: the controller recorded the run, and the socket carried its events.
    const view = dataOf(await getJson<ScenarioRunView>(url(`/api/runs/${runId}`)));
    expect(view).toMatchObject({ outcome: 'passed', scenarioId: 'turbidity-alarm' });
    expect(events.some((e) => e.run === runId && e.kind === 'run-ended')).toBe(true);
  }, 90_000);

  it('refuses to start with 422 naming the required points that are offline', async () => {
    const restart = await sims.stopOne('river-quality');
    try {
      const refused = await eventually(
        async () => {
          const answer = await postJson<StartRunResultBody>(url('/api/scenarios/turbidity-alarm/runs'), {});
          if (answer.status === 201) {
            // Not offline yet: abort that run and try again.
            await postJson(url(`/api/runs/${dataOf(answer).run}/abort`), {});
            return undefined;
          }
          return answer.status === 422 ? answer : undefined;
        },
        60_000,
        'the probe to be seen offline',
      );
      expect(refused.body).toMatchObject({
        ok: false,
        error: { code: 'POINTS_OFFLINE', points: expect.arrayContaining(['river-quality.turbidity']) },
      });
    } finally {
      await restart();
    }
  }, 90_000);
});

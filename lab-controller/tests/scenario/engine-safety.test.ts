/**
 * The engine in front of an audience: conditions that never come, aborts, two scenarios wanting the
 * same street, devices that are away. Always through the simulators' real sockets; the safe state
 * is checked in the simulator's own model (GET /state), not in what the controller believes.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Disconnected, Forbidden, NotSupported } from '@phare/device-drivers/errors.ts';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { EventBus } from '../../src/bus/event-bus.ts';
import { Registry } from '../../src/registry/registry.ts';
import { WritePath } from '../../src/registry/write-path.ts';
import { MemoryAuditStore } from '../../src/storage/audit-store.ts';
import { ScenarioEngine } from '../../src/scenario/engine.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { valueOrThrow } from '../../src/config/problem.ts';
import { eventually } from '../support/harness.ts';
import { settled } from './simulator.ts';
import { runToEnd, startScenarioRig, type ScenarioRig } from './rig.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
/** Short addresses 0–4 are lamp01–lamp05, group 1 of the demo street. */
const GROUP1 = [0, 1, 2, 3, 4];

async function group1Levels(rig: ScenarioRig): Promise<number[]> {
  const gear = await settled(rig.controlUrl('street'));
  return gear.filter((g) => GROUP1.includes(g.shortAddress)).map((g) => Math.round(g.levelPercent));
}

function stepStarted(rig: ScenarioRig, runId: string, step: string): Promise<void> {
  return eventually(
    () =>
      rig.events.some((e) => e.run === runId && e.kind === 'step-started' && e.detail?.['step'] === step)
        ? true
        : undefined,
    15_000,
    `step ${step} of ${runId} to start`,
  ).then(() => undefined);
}

describe('scenario engine safety', () => {
  let rig: ScenarioRig;
  beforeAll(async () => {
    rig = await startScenarioRig();
  });
  afterAll(async () => {
    await rig.close();
  });

  it('fails a wait until that never comes at its timeout, runs finally, and leaves the lab in its safe state', async () => {
    const result = await runToEnd(rig, fixture('never-comes.yaml'));
    expect(result.outcome).toBe('failed');
    expect(result.verdicts).toEqual([
      expect.objectContaining({ step: 'steps[1]', ok: false, that: 'street.lamp01.level > 100' }),
    ]);
    expect(result.verdicts[0]!.detail).toMatch(/^not reached within 1\.5 s: condition is false/);
    expect(result.reason).toMatch(/steps\[1\]/);
    // The say after the wait never ran; finally did.
    expect(result.timeline.map((e) => [e.step, e.inFinally, e.ok])).toEqual([
      ['steps[0]', false, true],
      ['steps[1]', false, false],
      ['finally[0]', true, true],
    ]);
    for (const level of await group1Levels(rig)) expect(Math.abs(level - 10)).toBeLessThanOrEqual(2);
  }, 40_000);

  it('aborts halfway through a long wait promptly, and finally restores the safe state', async () => {
    const handle = rig.engine.start(rig.plan(fixture('long-show.yaml')), { startedBy: 'staff:test' });
    await stepStarted(rig, handle.id, 'long-wait');
    const abortedAt = Date.now();
    const result = await rig.engine.abort(handle.id, 'visitor asked to stop');
    // The 60 s wait did not run out: the abort cut it (generous bound for a loaded machine).
    expect(Date.now() - abortedAt).toBeLessThan(20_000);
    expect(result?.outcome).toBe('aborted');
    expect(result?.reason).toBe('visitor asked to stop');
    expect(result?.timeline.map((e) => [e.step, e.ok])).toEqual([
      ['steps[0]', true],
      ['long-wait', false],
      ['safe-state', true],
    ]);
    expect(rig.runs.get(handle.id)).toMatchObject({
      outcome: 'aborted',
      who: 'staff:test',
      scenarioId: 'long-show',
    });
    for (const level of await group1Levels(rig)) expect(Math.abs(level - 20)).toBeLessThanOrEqual(2);
  }, 40_000);

  it('refuses a second scenario on a device in use, while a manual write from staff still goes through', async () => {
    const first = rig.engine.start(rig.plan(fixture('long-show.yaml')), { startedBy: 'staff:a' });
    try {
      let refusal: unknown;
      try {
        rig.engine.start(rig.plan(fixture('never-comes.yaml')), { startedBy: 'staff:b' });
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(Forbidden);
      expect((refusal as Error).message).toMatch(
        new RegExp(`never-comes cannot start: street is in use by scenario long-show \\(run ${first.id}\\)`),
      );
      await stepStarted(rig, first.id, 'long-wait');
      const manual = await rig.writePath.write('street.lamp12.level', 55, 'staff:alice');
      expect(manual.point).toBe('street.lamp12.level');
      expect(rig.audit.recent(5).find((a) => a.id === manual.auditId)).toMatchObject({
        who: 'staff:alice',
        ok: true,
      });
    } finally {
      await rig.engine.abort(first.id);
    }
    // The lock is released with the run.
    const again = rig.engine.start(rig.plan(fixture('long-show.yaml')), { startedBy: 'staff:b' });
    await rig.engine.abort(again.id);
  }, 40_000);

  it('asks the operator to act with real kit and goes on when confirmPrompt comes', async () => {
    // Same site, but this engine knows no simulator control API: the street counts as real kit.
    const engine = new ScenarioEngine({
      registry: rig.registry,
      writePath: rig.writePath,
      bus: rig.bus,
      simulatorControl: {},
    });
    const handle = engine.start(rig.plan(fixture('operator-prompt.yaml')), { startedBy: 'staff:test' });
    const prompt = await eventually(
      () => rig.events.find((e) => e.run === handle.id && e.kind === 'prompt'),
      15_000,
      'the operator prompt',
    );
    expect(prompt.detail).toMatchObject({ step: 'ask', fr: 'Débranchez lamp07' });
    expect(engine.confirmPrompt(handle.id, 'nope')).toBe(false);
    expect(engine.confirmPrompt(handle.id, 'ask')).toBe(true);
    const result = await handle.done;
    expect(result.reason).toBeNull();
    expect(result.outcome).toBe('passed');
    // parallel: one branch set the crossroads, the other repeated its wait twice.
    expect(result.timeline.filter((e) => e.kind === 'wait').map((e) => e.iteration)).toEqual([1, 2]);
    // No simulator call was made: lamp07 did not fail.
    const gear = await settled(rig.controlUrl('street'));
    expect(gear.find((g) => g.shortAddress === 6)?.lampFailure).toBe(false);
    await engine.stop();
  }, 40_000);

  it('refuses speed > 1 when a device the scenario uses is real kit', () => {
    const realSite = {
      ...rig.sims.site,
      site: {
        ...rig.sims.site.site,
        devices: rig.sims.site.site.devices.map(({ simulator: _simulator, ...d }) => d),
      },
    };
    const bus = new EventBus();
    const registry = new Registry(realSite, { bus, logger: silentLogger });
    const engine = new ScenarioEngine({
      registry,
      writePath: new WritePath(registry, new MemoryAuditStore(), bus),
      bus,
    });
    const plan = engine.prepare(valueOrThrow(loadScenario(fixture('long-show.yaml'))));
    expect(() => engine.start(plan, { startedBy: 'test', speed: 10 })).toThrow(NotSupported);
    expect(() => engine.start(plan, { startedBy: 'test', speed: 10 })).toThrow(
      /speed 10 is for simulation only, and street is a real device/,
    );
  });

  it('fails a run whose device drops (onDeviceLoss: fail); finally still runs', async () => {
    const handle = rig.engine.start(rig.plan(fixture('park-show.yaml')), { startedBy: 'test' });
    await stepStarted(rig, handle.id, 'steps[1]');
    const restart = await rig.sims.stopOne('park');
    try {
      const result = await handle.done;
      expect(result.outcome).toBe('failed');
      expect(result.reason).toMatch(/device park went offline during the run/);
      expect(result.timeline.filter((e) => e.inFinally).map((e) => [e.step, e.ok])).toEqual([
        ['finally[0]', true],
      ]);
    } finally {
      await restart();
    }
  }, 60_000);

  it('pauses while a device is away (onDeviceLoss: pause) and resumes when it is back', async () => {
    const plan = rig.plan(fixture('park-pause.yaml'));
    await rig.engine.whenReady(plan, 30_000);
    const handle = rig.engine.start(plan, { startedBy: 'test' });
    await stepStarted(rig, handle.id, 'steps[1]');
    const restart = await rig.sims.stopOne('park');
    let restarted = false;
    try {
      await eventually(
        () => rig.events.find((e) => e.run === handle.id && e.kind === 'paused'),
        30_000,
        'pause',
      );
      expect(rig.engine.active().find((r) => r.id === handle.id)?.paused).toBe(true);
      await restart();
      restarted = true;
      const result = await handle.done;
      expect(rig.events.some((e) => e.run === handle.id && e.kind === 'resumed')).toBe(true);
      expect(result.reason).toBeNull();
      expect(result.outcome).toBe('passed');
    } finally {
      if (!restarted) await restart();
    }
  }, 60_000);

  it('refuses to start when required points are offline, and names them', async () => {
    const restart = await rig.sims.stopOne('park');
    try {
      await eventually(
        () => (rig.registry.store.get('park.bollard1.level')?.quality === 'offline' ? true : undefined),
        30_000,
        'park points offline',
      );
      const plan = rig.plan(fixture('park-show.yaml'));
      expect(() => rig.engine.start(plan, { startedBy: 'test' })).toThrow(Disconnected);
      expect(() => rig.engine.start(plan, { startedBy: 'test' })).toThrow(
        /park-show cannot start: required points offline: park\.bollard1\.level, park\.bollard2\.level/,
      );
    } finally {
      await restart();
    }
  }, 60_000);
});

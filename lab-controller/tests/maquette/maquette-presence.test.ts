/**
 * The library scenario scenarios/lighting/maquette-presence.yaml against the simulated maquette
 * (hardware/sites/maquette.yaml on a temporary pty): a registry driving the board over Firmata,
 * the one write path and the scenario engine, all through the wire. In simulation the engine plays
 * the visitor's hand through the simulator's control API; with real kit it asks the operator, which
 * the second test plays by acting on the board itself and confirming the prompt.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { EventBus } from '../../src/bus/event-bus.ts';
import type { ScenarioEvent } from '../../src/bus/events.ts';
import { repoRoot } from '../../src/config/paths.ts';
import { valueOrThrow } from '../../src/config/problem.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import { Registry } from '../../src/registry/registry.ts';
import { WritePath } from '../../src/registry/write-path.ts';
import { ScenarioEngine } from '../../src/scenario/engine.ts';
import { listLibrary } from '../../src/scenario/library.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import type { RunResult } from '../../src/scenario/timeline.ts';
import { MemoryAuditStore } from '../../src/storage/audit-store.ts';

const SITE = join(repoRoot, 'hardware/sites/maquette.yaml');
const EXPECTED_VERDICTS = [
  ['lamps-at-night-level', true],
  ['presence-detected', true],
  ['lamps-full', true],
  ['sensor-cleared', true],
  ['lamps-night-again', true],
];

let sims: RunningSimulators;
let bus: EventBus;
let registry: Registry;
let audit: MemoryAuditStore;
let writePath: WritePath;
let controlUrl: string;

beforeAll(async () => {
  sims = await startSimulators(loadSiteOrThrow(SITE), { ephemeralPorts: true });
  controlUrl = sims.endpoints.find((e) => e.device === 'maquette')!.controlUrl!;
  bus = new EventBus();
  registry = new Registry(sims.site, { bus, logger: silentLogger });
  audit = new MemoryAuditStore();
  writePath = new WritePath(registry, audit, bus);
  registry.start();
}, 30_000);

afterAll(async () => {
  await registry?.stop();
  await sims?.stop();
});

const scenarioFile = (): string => listLibrary().find((e) => e.id === 'maquette-presence')!.file;

async function run(engine: ScenarioEngine): Promise<RunResult> {
  const plan = engine.prepare(valueOrThrow(loadScenario(scenarioFile())));
  await engine.whenReady(plan, 15_000);
  return engine.start(plan, { startedBy: 'test' }).done;
}

async function boardState(): Promise<{ motion: boolean; lamps: { pin: number; duty: number }[] }> {
  return (await (await fetch(new URL('/state', controlUrl))).json()) as {
    motion: boolean;
    lamps: { pin: number; duty: number }[];
  };
}

describe('maquette-presence against the simulated maquette', () => {
  it('lamps at 30 %, a hand over the PIR lights them to 100 %, and they dim back once it clears', async () => {
    const engine = new ScenarioEngine({
      registry,
      writePath,
      bus,
      simulatorControl: { maquette: controlUrl },
    });
    try {
      const result = await run(engine);
      expect(result.reason).toBeNull();
      expect(result.outcome).toBe('passed');
      expect(result.verdicts.map((v) => [v.step, v.ok])).toEqual(EXPECTED_VERDICTS);
      expect(result.verdicts.find((v) => v.step === 'lamps-full')?.observed).toEqual({
        'maquette.lamp1': 100,
        'maquette.lamp2': 100,
        'maquette.lamp3': 100,
      });
      // The writes went to the board as the scenario's, and it ends at the night level (finally).
      const writes = audit.recent(100).filter((a) => a.who === 'scenario:maquette-presence');
      expect(writes.length).toBeGreaterThanOrEqual(12);
      expect(writes.every((a) => a.ok)).toBe(true);
      const board = await boardState();
      expect(board.motion).toBe(false);
      expect(board.lamps.map((l) => l.duty)).toEqual([77, 77, 77]);
    } finally {
      await engine.stop();
    }
  }, 60_000);

  it('with real kit, asks the operator to pass a hand over the PIR and waits for the confirmation', async () => {
    // No control URL: the engine treats the maquette as real kit and prompts.
    const engine = new ScenarioEngine({ registry, writePath, bus, simulatorControl: {} });
    const prompts: string[] = [];
    const operator = (event: ScenarioEvent): void => {
      if (event.kind !== 'prompt') return;
      const step = String(event.detail?.['step']);
      prompts.push(step);
      // The operator's hand: over the sensor, then away; then they confirm on the tablet.
      void fetch(new URL('/motion', controlUrl), {
        method: 'POST',
        body: JSON.stringify({ active: step === 'hand-over-pir' }),
      }).then(() => engine.confirmPrompt(event.run, step));
    };
    bus.on('scenario', operator, 'operator');
    try {
      const result = await run(engine);
      expect(result.outcome).toBe('passed');
      expect(prompts).toEqual(['hand-over-pir', 'hand-away']);
      expect(result.verdicts.map((v) => [v.step, v.ok])).toEqual(EXPECTED_VERDICTS);
    } finally {
      bus.removeAllOf('operator');
      await engine.stop();
    }
  }, 60_000);
});

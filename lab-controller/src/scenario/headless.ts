/**
 * One scenario run without the daemon (`phare scenario run`): the site's registry, the write path
 * (audit in the data folder when usable), flood vigilance (computed points), an engine, and with
 * `simulate` the site's simulators, started here on ephemeral ports so a headless run never clashes
 * with a running demo, on a SimulationClock shared with the engine (the scenario's
 * `simulation.speed` and `startsAt` steer the simulators' time too).
 *
 * Everything started here is stopped here, `finally` steps first.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import { EventBus } from '../bus/event-bus.ts';
import type { ScenarioEvent } from '../bus/events.ts';
import { valueOrThrow } from '../config/problem.ts';
import { loadSiteOrThrow } from '../controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../controller/simulators.ts';
import { Registry } from '../registry/registry.ts';
import { WritePath } from '../registry/write-path.ts';
import { MemoryAuditStore, type AuditStore } from '../storage/audit-store.ts';
import {
  openDatabase,
  resolveDataDir,
  StorageUnavailable,
  type SqliteDatabase,
} from '../storage/database.ts';
import { Recorder } from '../storage/recorder.ts';
import { MemoryRunStore, SqliteRunStore, type RunStore } from '../storage/run-store.ts';
import { FloodVigilance } from '../vigilance/flood-vigilance.ts';
import { ScenarioEngine } from './engine.ts';
import { loadScenario } from './load-scenario.ts';
import { SimulationClock } from './simulation-clock.ts';
import type { RunResult } from './timeline.ts';

export interface HeadlessRunOptions {
  scenarioFile: string;
  siteFile: string;
  profilesDir?: string;
  /** Start the site's simulators (ephemeral ports). */
  simulate?: boolean;
  speed?: number;
  startedBy: string;
  dataDir?: string;
  logger: Logger;
  /** How long required points may take to come online. Default 20 s. */
  readyTimeoutMs?: number;
  onEvent?: (event: ScenarioEvent) => void;
  /** Aborting it aborts the run (its `finally` steps still run). */
  signal?: AbortSignal;
}

export async function runScenarioHeadless(options: HeadlessRunOptions): Promise<RunResult> {
  const loadedScenario = valueOrThrow(loadScenario(options.scenarioFile));
  let site = loadSiteOrThrow(options.siteFile, options.profilesDir);
  const logger = options.logger;
  let sims: RunningSimulators | undefined;
  const clock = options.simulate ? new SimulationClock() : undefined;
  if (options.simulate) {
    sims = await startSimulators(site, { ephemeralPorts: true, logger: logger.child('sim'), clock });
    site = sims.site;
  }
  const storage = openStorage(options.dataDir, logger);
  const bus = new EventBus(logger.child('bus'));
  const registry = new Registry(site, { bus, logger });
  const writePath = new WritePath(registry, storage.audit, bus);
  const vigilance = new FloodVigilance(site.site.vigilance, registry, bus, logger.child('vigilance'));
  registry.addComputedPoints(vigilance.metas());
  vigilance.start();
  const engine = new ScenarioEngine({
    registry,
    writePath,
    bus,
    ...(clock ? { clock } : {}),
    runs: storage.runs,
    logger: logger.child('scenario'),
    ...(sims
      ? {
          simulatorControl: Object.fromEntries(
            sims.endpoints.flatMap((e) => (e.controlUrl ? [[e.device, e.controlUrl]] : [])),
          ),
        }
      : {}),
  });
  const owner = Symbol('headless');
  if (options.onEvent) bus.on('scenario', options.onEvent, owner);
  try {
    const plan = engine.prepare(loadedScenario);
    registry.start();
    await engine.whenReady(plan, options.readyTimeoutMs ?? 20_000);
    options.signal?.throwIfAborted();
    const handle = engine.start(plan, {
      startedBy: options.startedBy,
      ...(options.speed !== undefined ? { speed: options.speed } : {}),
    });
    const onAbort = (): void => void engine.abort(handle.id, 'interrupted (Ctrl-C)');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await handle.done;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await engine.stop();
    bus.removeAllOf(owner);
    vigilance.stop();
    await registry.stop();
    storage.close();
    await sims?.stop();
  }
}

interface HeadlessStorage {
  audit: AuditStore;
  runs: RunStore;
  close(): void;
}

function openStorage(dataDir: string | undefined, logger: Logger): HeadlessStorage {
  let db: SqliteDatabase;
  try {
    db = openDatabase(resolveDataDir(dataDir));
  } catch (error) {
    if (!(error instanceof StorageUnavailable)) throw error;
    logger.warn(`${error.message} This run is not recorded.`);
    return { audit: new MemoryAuditStore(), runs: new MemoryRunStore(), close: () => undefined };
  }
  const recorder = new Recorder(db);
  return { audit: recorder, runs: new SqliteRunStore(db), close: () => recorder.close() };
}

/**
 * The controller daemon: site → registry (drivers, coordinators, point store) → bus → recorder,
 * scenario engine and API (ARCHITECTURE.md §3). `stop()` aborts running scenarios (their `finally`
 * steps restore the safe state), then stops polling, closes the server and flushes the recorder.
 *
 * The recorder is optional at run time: if the data folder is unusable the controller says so,
 * keeps driving devices, audits writes in memory, and answers history requests with 503.
 * Nothing stored is ever written to a device at start.
 */
import { join } from 'node:path';
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { Clock } from '@phare/hardware/simulators/clock.ts';
import { Forbidden } from '@phare/device-drivers/errors.ts';
import { AlarmLog } from '../alarms/alarm-log.ts';
import { startApiServer } from '../api/server.ts';
import { EventBus } from '../bus/event-bus.ts';
import { repoRoot } from '../config/paths.ts';
import { Registry } from '../registry/registry.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import { WritePath } from '../registry/write-path.ts';
import { MemoryAuditStore, type AuditStore } from '../storage/audit-store.ts';
import {
  openDatabase,
  resolveDataDir,
  StorageUnavailable,
  type SqliteDatabase,
} from '../storage/database.ts';
import { Recorder } from '../storage/recorder.ts';
import { MemoryRunStore, SqliteRunStore } from '../storage/run-store.ts';
import { ScenarioCatalogue } from '../scenario/catalogue.ts';
import { ScenarioEngine } from '../scenario/engine.ts';
import { FloodVigilance } from '../vigilance/flood-vigilance.ts';
import { createLogger } from './logger.ts';
import { loadSiteOrThrow } from './site-loading.ts';

export interface ControllerOptions {
  /** A site file; or give `site` already loaded (tests, `phare demo`). */
  sitePath?: string;
  site?: LoadedSiteInput;
  profilesDir?: string;
  /** 0 picks an ephemeral port. */
  port: number;
  /** Default 127.0.0.1: local-only until accounts exist (ARCHITECTURE.md §6). */
  host?: string;
  /** Default ./data, or PHARE_DATA_DIR. */
  dataDir?: string;
  logger?: Logger;
  /** Default showroom-ui/dist of this repository. */
  uiDistDir?: string;
  /** socket.io delta batching interval; default 16 ms (one animation frame). */
  batchMs?: number;
  recorderFlushMs?: number;
  /**
   * The simulators' clock (`phare demo` shares one SimulationClock with its simulators): scenarios
   * speed it up and skip it ahead, in simulation only. Default real time.
   */
  clock?: Clock;
  /** Control API URL of each simulated device (simulators on ephemeral ports); default the site's. */
  simulatorControl?: Record<string, string>;
  /** The scenario library; default the repository's scenarios/. */
  scenariosDir?: string;
}

export interface Controller {
  url: string;
  port: number;
  registry: Registry;
  writePath: WritePath;
  bus: EventBus;
  /** Active and recent alarms (flood vigilance, scenarios). */
  alarms: AlarmLog;
  /** Null when the data folder is unusable. */
  recorder: Recorder | null;
  /** Runs scenarios against this controller's registry and write path. */
  scenarios: ScenarioEngine;
  stop(): Promise<void>;
}

export const DEFAULT_UI_DIST = join(repoRoot, 'showroom-ui', 'dist');

export async function startController(options: ControllerOptions): Promise<Controller> {
  const logger = options.logger ?? createLogger();
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new Forbidden(
      `Listening on ${host} would expose device writes to the network; that requires accounts, ` +
        'which this Phare does not have yet (ARCHITECTURE.md §6). Use 127.0.0.1.',
    );
  }
  const loaded = options.site ?? loadSiteOrThrow(requireSitePath(options), options.profilesDir);
  const bus = new EventBus(logger.child('bus'));
  const { recorder, audit, db } = openRecorder(options, logger);
  const recorderOwner = Symbol('recorder');
  if (recorder) bus.on('points', (changes) => recorder.addSamples(changes), recorderOwner);

  const registry = new Registry(loaded, { bus, logger, dataDir: resolveDataDir(options.dataDir) });
  const writePath = new WritePath(registry, audit, bus);
  const alarms = new AlarmLog(bus);
  const vigilance = new FloodVigilance(loaded.site.vigilance, registry, bus, logger.child('vigilance'));
  registry.addComputedPoints(vigilance.metas());
  vigilance.start();
  // Runs are recorded with the samples (migration 2); in memory when the data folder is unusable.
  const runs = db ? new SqliteRunStore(db) : new MemoryRunStore();
  const scenarios = new ScenarioEngine({
    registry,
    writePath,
    bus,
    runs,
    logger: logger.child('scenario'),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.simulatorControl ? { simulatorControl: options.simulatorControl } : {}),
  });
  let api;
  try {
    api = await startApiServer({
      registry,
      writePath,
      audit,
      alarms,
      ...(recorder ? { history: recorder } : {}),
      bus,
      logger: logger.child('api'),
      uiDistDir: options.uiDistDir ?? DEFAULT_UI_DIST,
      scenarios: new ScenarioCatalogue(scenarios, options.scenariosDir),
      host,
      port: options.port,
      ...(options.batchMs !== undefined ? { batchMs: options.batchMs } : {}),
    });
  } catch (error) {
    await scenarios.stop();
    vigilance.stop();
    alarms.close();
    await registry.stop();
    recorder?.close();
    throw new Error(listenFailure(error, options), { cause: error });
  }
  registry.start();
  logger.info(
    `site ${loaded.site.id}: ${registry.deviceIds().length} devices, ${registry.allMeta().length} points`,
  );
  logger.info(`controller listening on ${api.url}`);

  let stopping: Promise<void> | undefined;
  return {
    url: api.url,
    port: api.port,
    registry,
    writePath,
    bus,
    alarms,
    recorder,
    scenarios,
    stop: () =>
      (stopping ??= (async () => {
        // Running scenarios first: their `finally` steps need the registry to restore the safe state.
        await scenarios.stop();
        await registry.stop();
        vigilance.stop();
        await api.close();
        alarms.close();
        bus.removeAllOf(recorderOwner);
        recorder?.close();
        logger.info('controller stopped');
      })()),
  };
}

function requireSitePath(options: ControllerOptions): string {
  if (!options.sitePath) throw new Error('startController needs sitePath or site');
  return options.sitePath;
}

function openRecorder(
  options: ControllerOptions,
  logger: Logger,
): { recorder: Recorder | null; audit: AuditStore; db: SqliteDatabase | null } {
  const dataDir = resolveDataDir(options.dataDir);
  try {
    const db = openDatabase(dataDir);
    const recorder = new Recorder(db, {
      logger: logger.child('recorder'),
      ...(options.recorderFlushMs !== undefined ? { flushIntervalMs: options.recorderFlushMs } : {}),
    });
    logger.info(`recording to ${dataDir}`);
    return { recorder, audit: recorder, db };
  } catch (error) {
    if (!(error instanceof StorageUnavailable)) throw error;
    logger.error(error.message);
    return { recorder: null, audit: new MemoryAuditStore(), db: null };
  }
}

function listenFailure(error: unknown, options: ControllerOptions): string {
  const code = (error as { code?: string }).code;
  const where = `${options.host ?? '127.0.0.1'}:${options.port}`;
  if (code === 'EADDRINUSE') return `Port ${where} is already in use; choose another with --port N or PORT=N`;
  if (code === 'EACCES') return `Not allowed to listen on ${where}; use a port above 1024`;
  return `Cannot listen on ${where}: ${error instanceof Error ? error.message : String(error)}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

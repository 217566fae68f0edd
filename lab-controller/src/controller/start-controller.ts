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
import { Accounts } from '../auth/accounts.ts';
import { checkListenPolicy } from '../auth/listen-policy.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import type { DeclaredRoute } from '../auth/route-guard.ts';
import { isLoopbackHost } from '../auth/loopback.ts';
import { AlarmLog } from '../alarms/alarm-log.ts';
import { startApiServer } from '../api/server.ts';
import { EventBus } from '../bus/event-bus.ts';
import { repoRoot } from '../config/paths.ts';
import { Registry } from '../registry/registry.ts';
import type { OpcuaPolicy } from '../registry/opcua-device.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import { WritePath } from '../registry/write-path.ts';
import { DeviceLocks } from '../sandbox/device-locks.ts';
import { MemoryAuditStore, type AuditStore } from '../storage/audit-store.ts';
import {
  openDatabase,
  resolveDataDir,
  StorageUnavailable,
  type SqliteDatabase,
} from '../storage/database.ts';
import { Recorder } from '../storage/recorder.ts';
import { RetentionJob, type RetentionPolicy } from '../storage/retention.ts';
import { interopReportsDir } from '../interop/reports/write-reports.ts';
import { MemoryRunStore, SqliteRunStore } from '../storage/run-store.ts';
import { ScenarioCatalogue } from '../scenario/catalogue.ts';
import { ScenarioEngine } from '../scenario/engine.ts';
import { LearningSpace } from '../curriculum/learning-space.ts';
import { MemoryProgressStore, SqliteProgressStore } from '../curriculum/progress-store.ts';
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
  /**
   * Default 127.0.0.1 (ARCHITECTURE.md §6). Another interface is refused unless an admin account
   * exists (`phare users add NAME --role admin`).
   */
  host?: string;
  /** How long a sign-in lasts; default 12 h. */
  sessionTtlMs?: number;
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
  /** phare.config.yaml `opcua`: client PKI folder (default <dataDir>/pki/opcua) and trust override. */
  opcua?: OpcuaPolicy;
  /** Sample retention (phare.config.yaml `recorder.retention`); absent: samples are kept forever. */
  retention?: RetentionPolicy;
  /** Failed sign-ins allowed per window (phare.config.yaml `accounts.loginAttempts`); default 5 in 5 min. */
  loginAttempts?: { maxFailures: number; windowMs: number };
}

export interface Controller {
  url: string;
  port: number;
  registry: Registry;
  writePath: WritePath;
  /** Who holds which device: scenario runs and apprentices' reservations (sandbox/device-locks.ts). */
  locks: DeviceLocks;
  bus: EventBus;
  /** Active and recent alarms (flood vigilance, scenarios). */
  alarms: AlarmLog;
  /** Null when the data folder is unusable. */
  recorder: Recorder | null;
  /** Runs scenarios against this controller's registry and write path. */
  scenarios: ScenarioEngine;
  /** Accounts and sessions (the same as `phare users` edits in the data folder). */
  accounts: Accounts;
  /** Every /api route with the roles it allows. */
  apiRoutes: readonly DeclaredRoute[];
  stop(): Promise<void>;
}

export const DEFAULT_UI_DIST = join(repoRoot, 'showroom-ui', 'dist');

export async function startController(options: ControllerOptions): Promise<Controller> {
  const logger = options.logger ?? createLogger();
  const host = options.host ?? '127.0.0.1';
  const loaded = options.site ?? loadSiteOrThrow(requireSitePath(options), options.profilesDir);
  const bus = new EventBus(logger.child('bus'));
  const { recorder, audit, db } = openRecorder(options, logger);
  // Accounts and sessions beside the samples (migration 4), so a restart signs no one out.
  const accountOptions = options.sessionTtlMs !== undefined ? { sessionTtlMs: options.sessionTtlMs } : {};
  const accounts = db ? Accounts.inDatabase(db, accountOptions) : Accounts.inMemory(accountOptions);
  let listenNote: string;
  try {
    // Another interface than loopback needs an admin account (auth/listen-policy.ts).
    listenNote = checkListenPolicy(host, db ? accounts : null, resolveDataDir(options.dataDir));
  } catch (error) {
    recorder?.close();
    throw error;
  }
  const recorderOwner = Symbol('recorder');
  if (recorder) bus.on('points', (changes) => recorder.addSamples(changes), recorderOwner);

  const registry = new Registry(loaded, {
    bus,
    logger,
    dataDir: resolveDataDir(options.dataDir),
    ...(options.opcua ? { opcua: options.opcua } : {}),
  });
  // One lock table for the scenario engine (runs), the learning sandbox and the write path.
  const locks = new DeviceLocks({ bus });
  const writePath = new WritePath(registry, audit, bus, { locks });
  const alarms = new AlarmLog(bus);
  const vigilance = new FloodVigilance(loaded.site.vigilance, registry, bus, logger.child('vigilance'));
  registry.addComputedPoints(vigilance.metas());
  vigilance.start();
  // Runs are recorded with the samples (migration 2); in memory when the data folder is unusable.
  const runs = db ? new SqliteRunStore(db) : new MemoryRunStore();
  if (runs instanceof SqliteRunStore) reportUnfinishedRuns(runs, bus, logger);
  const scenarios = new ScenarioEngine({
    registry,
    writePath,
    bus,
    locks,
    runs,
    logger: logger.child('scenario'),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.simulatorControl ? { simulatorControl: options.simulatorControl } : {}),
  });
  // Apprentices' progress beside the runs (migration 3); in memory when the data folder is unusable.
  const learn = new LearningSpace({
    site: loaded,
    registry,
    writePath,
    audit,
    runs,
    progress: db ? new SqliteProgressStore(db) : new MemoryProgressStore(),
    locks,
    logger: logger.child('learn'),
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
      learn,
      interopReportsDir: interopReportsDir(resolveDataDir(options.dataDir)),
      runs,
      ...(options.scenariosDir ? { scenariosDir: options.scenariosDir } : {}),
      auth: {
        accounts,
        loopbackOnly: isLoopbackHost(host),
        limiter: new LoginLimiter(options.loginAttempts ?? {}),
      },
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
  const retention =
    db && options.retention
      ? new RetentionJob(db, options.retention, { logger: logger.child('retention') })
      : undefined;
  retention?.start();
  logger.info(
    `site ${loaded.site.id}: ${registry.deviceIds().length} devices, ${registry.allMeta().length} points`,
  );
  logger.info(`controller listening on ${api.url}`);
  logger.info(listenNote);

  let stopping: Promise<void> | undefined;
  return {
    url: api.url,
    port: api.port,
    registry,
    writePath,
    locks,
    bus,
    alarms,
    recorder,
    scenarios,
    accounts,
    apiRoutes: api.routes,
    stop: () =>
      (stopping ??= (async () => {
        // Running scenarios first: their `finally` steps need the registry to restore the safe state.
        await scenarios.stop();
        locks.close();
        await registry.stop();
        vigilance.stop();
        await api.close();
        alarms.close();
        bus.removeAllOf(recorderOwner);
        await retention?.stop();
        recorder?.close();
        logger.info('controller stopped');
      })()),
  };
}

/**
 * Runs a crashed controller left open: their `finally` never ran, so the lab may not be in its
 * safe state. Nothing is written to a device at start (the staff decide); they are closed as
 * errors and each becomes a warning in the alarms, which every view shows.
 */
function reportUnfinishedRuns(runs: SqliteRunStore, bus: EventBus, logger: Logger): void {
  const reason =
    'The controller stopped before this run ended (crash or power cut): its finally steps did not run';
  for (const run of runs.closeUnfinished(Date.now(), reason)) {
    logger.warn(`scenario run ${run.id} (${run.scenarioId}) was interrupted: check the lab's state`);
    bus.emit('alarm', {
      point: run.scenarioId,
      severity: 'warning',
      message: `La démonstration ${run.scenarioId} a été interrompue par un arrêt du contrôleur : vérifiez l'état du démonstrateur.`,
      label: {
        fr: `La démonstration ${run.scenarioId} a été interrompue par un arrêt du contrôleur : son étape finale n'a pas remis le démonstrateur en état sûr, vérifiez-le.`,
        en: `The ${run.scenarioId} showcase was interrupted by a controller stop: its finally steps did not restore the safe state, check the lab.`,
      },
      ts: Date.now(),
      source: 'scenario',
      detail: { run: run.id },
    });
  }
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

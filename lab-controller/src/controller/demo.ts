/**
 * `phare demo` / `npm start`: the simulators of hardware/sites/demo.yaml plus the controller,
 * serving the showroom (ARCHITECTURE.md §5). Stopping stops the controller first (recorder flushed),
 * then the simulators.
 */
import { join } from 'node:path';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { repoRoot } from '../config/paths.ts';
import { SimulationClock } from '../scenario/simulation-clock.ts';
import { resolveDataDir } from '../storage/database.ts';
import { createLogger } from './logger.ts';
import { loadSiteOrThrow } from './site-loading.ts';
import { startSimulators, type SimulatorEndpoint } from './simulators.ts';
import { startController, type Controller, type ControllerOptions } from './start-controller.ts';

export const DEMO_SITE = join(repoRoot, 'hardware', 'sites', 'demo.yaml');
export const DEFAULT_DEMO_PORT = 8080;

export interface DemoOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  logger?: Logger;
  /** Simulators on ephemeral ports instead of the site's (tests). */
  ephemeralSimulatorPorts?: boolean;
  sitePath?: string;
  /** From phare.config.yaml (cli/commands/daemons.ts): recorder, retention, accounts, OPC-UA. */
  settings?: InstallationSettings;
}

export type InstallationSettings = Pick<
  ControllerOptions,
  'recorderFlushMs' | 'retention' | 'sessionTtlMs' | 'loginAttempts' | 'opcua'
>;

export interface Demo {
  url: string;
  port: number;
  controller: Controller;
  simulators: SimulatorEndpoint[];
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const logger = options.logger ?? createLogger();
  const loaded = loadSiteOrThrow(options.sitePath ?? DEMO_SITE);
  // Simulated time shared by the simulators and the scenario engine (a showcase may speed it up).
  const clock = new SimulationClock();
  const sims = await startSimulators(loaded, {
    clock,
    logger: logger.child('sim'),
    // The simulated OPC-UA server keeps its certificate next to the controller's data.
    ...(options.ephemeralSimulatorPorts ? {} : { dataDir: resolveDataDir(options.dataDir) }),
    ...(options.ephemeralSimulatorPorts ? { ephemeralPorts: true } : {}),
  });
  let controller: Controller;
  try {
    controller = await startController({
      site: sims.site,
      clock,
      simulatorControl: Object.fromEntries(
        sims.endpoints.flatMap((e) => (e.controlUrl ? [[e.device, e.controlUrl]] : [])),
      ),
      port: options.port ?? DEFAULT_DEMO_PORT,
      ...(options.host ? { host: options.host } : {}),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...options.settings,
      logger,
    });
  } catch (error) {
    await sims.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: controller.url,
    port: controller.port,
    controller,
    simulators: sims.endpoints,
    stop: () =>
      (stopping ??= (async () => {
        await controller.stop();
        await sims.stop();
      })()),
  };
}

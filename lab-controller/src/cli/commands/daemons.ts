/**
 * Long-running commands: `phare sim`, `phare run`, `phare demo`. Each stays up until Ctrl-C
 * (SIGINT) or SIGTERM, then stops cleanly: coordinators, server, recorder flush, simulators.
 * A second Ctrl-C exits at once.
 */
import type { Command } from 'commander';
import {
  CONFIG_ENV,
  CONFIG_FILE_NAME,
  daemonSettings,
  loadPhareConfigOrThrow,
  type DaemonFlags,
  type DaemonSettings,
} from '../../config/phare-config.ts';
import { startDemo, DEFAULT_DEMO_PORT, type InstallationSettings } from '../../controller/demo.ts';
import { loadSiteOrThrow } from '../../controller/site-loading.ts';
import { startSimulators } from '../../controller/simulators.ts';
import { startController } from '../../controller/start-controller.ts';
import { CliError } from '../cli-error.ts';
import { printJson, printLines } from '../output.ts';
import type { CliContext } from '../context.ts';

export function registerDaemons(program: Command, ctx: CliContext): void {
  program
    .command('sim')
    .description("start only the simulators of a site's devices that declare simulator:, until Ctrl-C")
    .requiredOption('--site <file>', 'site YAML file')
    .option('--json', 'print the endpoints as JSON')
    .action(async (opts: { site: string; json?: boolean }) => {
      const loaded = loadSiteOrThrow(opts.site);
      const sims = await startSimulators(loaded, { logger: ctx.logger.child('sim') });
      if (sims.endpoints.length === 0) {
        await sims.stop();
        throw new CliError(`No device of ${opts.site} declares simulator:; nothing to start`);
      }
      if (opts.json) printJson(sims.endpoints);
      else
        printLines(
          sims.endpoints.map(
            (e) =>
              `${e.device}  ${e.simulator}  ${e.endpoint}${e.controlUrl ? `  control ${e.controlUrl}` : ''}`,
          ),
        );
      process.stderr.write('phare: simulators running; Ctrl-C to stop\n');
      await untilSignal();
      await sims.stop();
    });

  program
    .command('run')
    .description('run the controller for a site (real or simulated devices), until Ctrl-C')
    .requiredOption('--site <file>', 'site YAML file')
    .option('--port <n>', 'HTTP port (default: config file, PORT or 8080)', parsePort)
    .option('--host <address>', 'address to listen on (default: config file or 127.0.0.1)')
    .option('--data-dir <dir>', 'data folder (default: config file, PHARE_DATA_DIR or ./data)')
    .option('--config <file>', `settings file (default ${CONFIG_ENV} or ./${CONFIG_FILE_NAME})`)
    .action(async (opts: { site: string; config?: string } & DaemonFlags) => {
      const settings = settingsFrom(opts, ctx);
      const controller = await startController({
        sitePath: opts.site,
        port: settings.port ?? envPort() ?? DEFAULT_DEMO_PORT,
        host: settings.host,
        ...(settings.dataDir ? { dataDir: settings.dataDir } : {}),
        ...installationSettings(settings),
        logger: ctx.logger,
      });
      printLines([`phare: controller on ${controller.url}`]);
      await untilSignal();
      await controller.stop();
    });

  program
    .command('demo')
    .description('start the simulated demonstrator (hardware/sites/demo.yaml) and its showroom, until Ctrl-C')
    .option('--port <n>', 'HTTP port (default: config file, PORT or 8080)', parsePort)
    .option('--data-dir <dir>', 'data folder (default: config file, PHARE_DATA_DIR or ./data)')
    .option('--config <file>', `settings file (default ${CONFIG_ENV} or ./${CONFIG_FILE_NAME})`)
    .action(async (opts: { port?: number; dataDir?: string; config?: string }) => {
      const settings = settingsFrom(opts, ctx);
      const demo = await startDemo({
        port: settings.port ?? envPort() ?? DEFAULT_DEMO_PORT,
        ...(settings.host ? { host: settings.host } : {}),
        ...(settings.dataDir ? { dataDir: settings.dataDir } : {}),
        settings: installationSettings(settings),
        logger: ctx.logger,
      });
      printLines([`phare: demo running on ${demo.url.replace('127.0.0.1', 'localhost')}  (Ctrl-C to stop)`]);
      await untilSignal();
      await demo.stop();
    });
}

/** phare.config.yaml (config/phare-config.ts) merged with the flags: a flag beats the file. */
function settingsFrom(opts: DaemonFlags & { config?: string }, ctx: CliContext): DaemonSettings {
  const config = loadPhareConfigOrThrow(opts.config ? { explicit: opts.config } : {});
  if (config.file) ctx.logger.info(`settings from ${config.file}`);
  return daemonSettings(config, opts);
}

/** The ControllerOptions fields the config file sets beyond port, host and data folder. */
function installationSettings(settings: DaemonSettings): InstallationSettings {
  return {
    recorderFlushMs: settings.recorderFlushMs,
    retention: settings.retention,
    sessionTtlMs: settings.sessionTtlMs,
    loginAttempts: settings.loginAttempts,
    opcua: {
      trust: settings.opcuaTrust,
      ...(settings.opcuaPkiDir ? { pkiDir: settings.opcuaPkiDir } : {}),
    },
  };
}

export function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliError(`port must be an integer 0–65535, got "${text}"`);
  return n;
}

function envPort(): number | undefined {
  const raw = process.env['PORT'];
  return raw ? parsePort(raw) : undefined;
}

/**
 * Resolves on the first SIGINT or SIGTERM. A repeat within a second is the same Ctrl-C delivered
 * twice (the terminal signals the whole process group and `npm start` forwards it too); a later
 * one means "now": exit at once.
 */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    let firstAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt === 0) {
        firstAt = Date.now();
        process.stderr.write(`phare: ${signal}, stopping…\n`);
        resolve();
      } else if (Date.now() - firstAt > 1000) {
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

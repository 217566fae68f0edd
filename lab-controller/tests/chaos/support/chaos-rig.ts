/**
 * The chaos bench: the simulators of the chaos site (support/chaos-site.ts) on ephemeral ports and
 * fresh ptys, sharing one SimulationClock as in `phare demo`, and either an in-process controller
 * or the site file a child `phare run` reads. Everything goes through real sockets and ptys.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { loadSiteOrThrow } from '../../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../../src/controller/simulators.ts';
import { startController, type Controller } from '../../../src/controller/start-controller.ts';
import type { LoadedSiteInput } from '../../../src/registry/site-input.ts';
import { SimulationClock } from '../../../src/scenario/simulation-clock.ts';
import { chaosSiteYaml, type ChaosDevice, type ChaosEndpoints } from './chaos-site.ts';

export interface ChaosSimulators {
  sims: RunningSimulators;
  clock: SimulationClock;
  devices: readonly ChaosDevice[];
  /** Where each simulator answers, and its control API port. */
  endpoints: Required<ChaosEndpoints>;
  controlUrl(device: ChaosDevice): string;
  /** The site as the simulators run it, with some endpoints replaced (a proxy in between). */
  site(overrides?: ChaosEndpoints): LoadedSiteInput;
  /** Writes that site to `<dir>/<name>` for a child controller; returns the path. */
  writeSite(dir: string, name?: string, overrides?: ChaosEndpoints): string;
  stop(): Promise<void>;
}

export async function startChaosSimulators(
  dir: string,
  devices: readonly ChaosDevice[],
  options: { clock?: SimulationClock; pollMs?: number; simulatorDataDir?: string } = {},
): Promise<ChaosSimulators> {
  const pollMs = options.pollMs ?? 250;
  const placeholder = join(dir, 'placeholder-site.yaml');
  writeFileSync(placeholder, chaosSiteYaml(devices, undefined, pollMs));
  const clock = options.clock ?? new SimulationClock();
  const sims = await startSimulators(loadSiteOrThrow(placeholder), {
    ephemeralPorts: true,
    clock,
    ...(options.simulatorDataDir ? { dataDir: options.simulatorDataDir } : {}),
  });
  const endpoints = {} as Required<ChaosEndpoints>;
  for (const e of sims.endpoints) {
    endpoints[e.device as ChaosDevice] = {
      uri: e.endpoint,
      control: e.controlUrl ? Number(new URL(e.controlUrl).port) : 1,
    };
  }
  const site = (overrides: ChaosEndpoints = {}): LoadedSiteInput => ({
    ...sims.site,
    site: {
      ...sims.site.site,
      devices: sims.site.site.devices.map((d) => {
        const override = overrides[d.id as ChaosDevice];
        return override ? { ...d, endpoint: parseEndpoint(override.uri) } : d;
      }),
    },
  });
  return {
    sims,
    clock,
    devices,
    endpoints,
    controlUrl: (device) => {
      const url = sims.endpoints.find((e) => e.device === device)?.controlUrl;
      if (!url) throw new Error(`no control API for ${device}`);
      return url;
    },
    site,
    writeSite: (target, name = 'site.yaml', overrides = {}) => {
      const file = join(target, name);
      writeFileSync(file, chaosSiteYaml(devices, { ...endpoints, ...overrides }, pollMs));
      return file;
    },
    stop: () => sims.stop(),
  };
}

/** An in-process controller on an ephemeral port, recording to `dataDir`. */
export async function startChaosController(
  bench: ChaosSimulators,
  dataDir: string,
  options: { logger: Logger; overrides?: ChaosEndpoints },
): Promise<Controller> {
  return startController({
    site: bench.site(options.overrides),
    port: 0,
    dataDir,
    logger: options.logger,
    uiDistDir: join(dataDir, 'no-ui'),
    recorderFlushMs: 50,
    clock: bench.clock,
    simulatorControl: Object.fromEntries(
      bench.sims.endpoints.flatMap((e) => (e.controlUrl ? [[e.device, e.controlUrl]] : [])),
    ),
  });
}

/** A replacement endpoint URI pointing at `port` on 127.0.0.1 (a proxy in front of a simulator). */
export function viaPort(uri: string, port: number): string {
  return uri.replace(/:\/\/127\.0\.0\.1:\d+/, `://127.0.0.1:${port}`);
}

/** The TCP port of an endpoint URI. */
export function portOf(uri: string): number {
  const location = parseEndpoint(uri).location;
  if (location.kind !== 'tcp') throw new Error(`${uri} is not a TCP endpoint`);
  return location.port;
}

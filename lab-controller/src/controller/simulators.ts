/**
 * Starts the simulators a site asks for: each device whose site entry has `simulator:` gets the
 * simulator its profile names (profile.simulator, e.g. `dali-gateway/intesis`, looked up in
 * hardware/simulators/index.ts), bound to the device's endpoint host and port, with its control
 * API on `simulator.control`.
 *
 * `ephemeralPorts: true` binds every simulator and control API to port 0 instead and returns the
 * site rewritten with the ports actually used (tests, and running two demos side by side); serial
 * endpoints (pty paths) move into a fresh temporary folder, removed on stop, so runs never collide.
 * Otherwise the folder of a pty path (e.g. /tmp/phare-demo) is created if missing.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { Clock } from '@phare/hardware/simulators/index.ts';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { startOnFreePort, startSimulatorFor } from './simulator-launch.ts';
import type { LoadedSiteInput, SiteDeviceInput } from '../registry/site-input.ts';

export interface SimulatorEndpoint {
  device: string;
  simulator: string;
  /** Endpoint URI the simulator answers on (the site's, or rewritten with the ephemeral port). */
  endpoint: string;
  /** TCP port, null for a serial endpoint. */
  port: number | null;
  controlUrl: string | null;
}

export interface RunningSimulators {
  endpoints: SimulatorEndpoint[];
  /** The site with endpoints (and control ports) pointing at the simulators as started. */
  site: LoadedSiteInput;
  /**
   * Stops one device's simulator (a crashed device, a pulled cable) and returns how to start it
   * again on the same ports.
   */
  stopOne(deviceId: string): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

export interface StartSimulatorsOptions {
  ephemeralPorts?: boolean;
  logger?: Logger;
  /** Where simulators keep files (an OPC-UA server's PKI under pki/simulators); default ./data. */
  dataDir?: string;
  /** Simulated time shared by the simulators (faster than real time in simulation only). */
  clock?: Clock;
}

export async function startSimulators(
  loaded: LoadedSiteInput,
  options: StartSimulatorsOptions = {},
): Promise<RunningSimulators> {
  const logger = options.logger ?? silentLogger;
  const started = new Map<string, { stop(): Promise<void> }>();
  const launches = new Map<string, () => Promise<{ stop(): Promise<void> }>>();
  const endpoints: SimulatorEndpoint[] = [];
  const devices: SiteDeviceInput[] = [];
  // Ephemeral runs keep their ptys and simulator files in a folder of their own.
  const runtimeDir = options.ephemeralPorts ? mkdtempSync(join(tmpdir(), 'phare-sim-')) : undefined;
  const dataDir = options.dataDir ?? runtimeDir;
  const stopAll = async () => {
    const all = [...started.values()];
    started.clear();
    await Promise.allSettled(all.map((s) => s.stop()));
    if (runtimeDir) rmSync(runtimeDir, { recursive: true, force: true });
  };
  try {
    for (const device of loaded.site.devices) {
      if (!device.simulator) {
        devices.push(device);
        continue;
      }
      const profile = loaded.profiles.get(device.profile);
      if (!profile?.simulator) {
        throw new ConfigInvalid(
          `Device ${device.id} asks for a simulator, but profile ${device.profile} names none (profile field simulator:)`,
          { device: device.id },
        );
      }
      const location = device.endpoint.location;
      const launch = {
        device,
        ...(device.simulator.control !== undefined || options.ephemeralPorts
          ? { controlPort: options.ephemeralPorts ? 0 : device.simulator.control }
          : {}),
        logger: logger.child(device.id),
        ...(dataDir !== undefined ? { dataDir } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      };
      // A serial endpoint (a pty path) has no port to choose: the simulator makes the pty there.
      let endpoint = device.endpoint.uri;
      if (location.kind === 'serial') {
        if (runtimeDir)
          endpoint = withPath(endpoint, location.path, join(runtimeDir, basename(location.path)));
        else mkdirSync(dirname(location.path), { recursive: true });
      }
      const sim =
        options.ephemeralPorts && location.kind === 'tcp'
          ? await startOnFreePort(profile.simulator, launch, location.host, (port) =>
              withPort(device.endpoint.uri, location.port, port),
            )
          : await startSimulatorFor(profile.simulator, { ...launch, endpoint });
      started.set(device.id, sim);
      const controlPort = sim.controlUrl ? Number(new URL(sim.controlUrl).port) : undefined;
      const relaunch = {
        ...launch,
        endpoint: sim.endpoint,
        ...(controlPort !== undefined ? { controlPort } : {}),
      };
      launches.set(device.id, () => startSimulatorFor(profile.simulator!, relaunch));
      const uri = sim.endpoint;
      const startedAt = parseEndpoint(uri).location;
      const port = sim.port ?? (startedAt.kind === 'tcp' ? startedAt.port : null);
      endpoints.push({
        device: device.id,
        simulator: profile.simulator,
        endpoint: uri,
        port,
        controlUrl: sim.controlUrl,
      });
      devices.push({ ...device, endpoint: parseEndpoint(uri) });
      logger.info(
        `simulator ${profile.simulator} for ${device.id} on ${uri}${sim.controlUrl ? `, control ${sim.controlUrl}` : ''}`,
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    endpoints,
    site: { ...loaded, site: { ...loaded.site, devices } },
    stopOne: async (deviceId) => {
      const sim = started.get(deviceId);
      const launch = launches.get(deviceId);
      if (!sim || !launch) throw new Error(`No simulator runs for device ${deviceId}`);
      started.delete(deviceId);
      await sim.stop();
      return async () => {
        started.set(deviceId, await launch());
      };
    },
    stop: stopAll,
  };
}

/** Replaces the device path of a serial endpoint URI, keeping scheme and parameters. */
function withPath(uri: string, oldPath: string, newPath: string): string {
  return uri.replace(encodeURI(oldPath), encodeURI(newPath)).replace(oldPath, newPath);
}

/** Replaces the port in an endpoint URI, keeping scheme, host and parameters. */
function withPort(uri: string, oldPort: number, newPort: number): string {
  if (oldPort === newPort) return uri;
  return uri.replace(new RegExp(`:${oldPort}(?=[/?]|$)`), `:${newPort}`);
}

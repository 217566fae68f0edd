/**
 * Starts the simulator a profile names (`profile.simulator`, looked up in the registry of
 * hardware/simulators/index.ts) for one site device, listening on `endpoint`.
 *
 * Ephemeral ports: endpoint URIs cannot carry port 0 (device-drivers/src/endpoint.ts), so a free
 * port is found by binding port 0 on the same host and releasing it; if another process takes it
 * in between, the start fails with EADDRINUSE and is retried on a new port.
 */
import { createServer } from 'node:net';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { findSimulator, type Clock } from '@phare/hardware/simulators/index.ts';
import type { SiteDeviceInput } from '../registry/site-input.ts';

export interface SimulatorLaunch {
  device: SiteDeviceInput;
  /** Endpoint URI to listen on. */
  endpoint: string;
  /** Control API port (0 = ephemeral); omitted = none. */
  controlPort?: number;
  logger: Logger;
  /** Where simulators keep files (an OPC-UA server's PKI). */
  dataDir?: string;
  /** Simulated time (faster than real time in simulation only). */
  clock?: Clock;
}

export interface LaunchedSimulator {
  endpoint: string;
  port: number | undefined;
  controlUrl: string | null;
  stop(): Promise<void>;
}

export async function startSimulatorFor(name: string, launch: SimulatorLaunch): Promise<LaunchedSimulator> {
  const starter = findSimulator(name);
  const sim = await starter({
    deviceId: launch.device.id,
    endpoint: launch.endpoint,
    ...(launch.controlPort !== undefined ? { controlPort: launch.controlPort } : {}),
    device: launch.device as unknown as Record<string, unknown>,
    logger: launch.logger,
    ...(launch.dataDir !== undefined ? { dataDir: launch.dataDir } : {}),
    ...(launch.clock ? { clock: launch.clock } : {}),
  });
  return {
    endpoint: launch.endpoint,
    port: sim.modbusPort,
    controlUrl: sim.controlUrl ?? null,
    stop: () => sim.stop(),
  };
}

/** Starts on a free port of `host`, retrying a few times if the port is taken meanwhile. */
export async function startOnFreePort(
  name: string,
  launch: Omit<SimulatorLaunch, 'endpoint'>,
  host: string,
  endpointFor: (port: number) => string,
): Promise<LaunchedSimulator> {
  for (let attempt = 1; ; attempt++) {
    const endpoint = endpointFor(await freePort(host));
    try {
      return await startSimulatorFor(name, { ...launch, endpoint });
    } catch (error) {
      if (attempt >= 5 || !isAddressInUse(error)) throw error;
    }
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isAddressInUse(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: string }).code === 'EADDRINUSE' || /EADDRINUSE/.test(e.message)) return true;
  }
  return false;
}

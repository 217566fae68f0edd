/**
 * What the simulator registry (index.ts) hands a simulator and gets back. One shape for every kind,
 * so `phare sim --site FILE` starts any device without knowing what it is.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { Clock } from './clock.ts';

export interface SimulatorStartRequest {
  /** Device id from the site, for error messages. */
  deviceId: string;
  /** The device's endpoint URI from the site: where the simulator listens (port, pty path, unit id). */
  endpoint: string;
  /** Control API port from the site's `simulator: { control }`; 0 = ephemeral; omitted = none. */
  controlPort?: number;
  /** The site's device entry; each simulator reads its own section (e.g. `dali`). */
  device: Record<string, unknown>;
  clock?: Clock;
  logger?: Logger;
  /** The controller's data folder, for simulators that keep files (an OPC-UA server's PKI). */
  dataDir?: string;
}

export interface RunningSimulator {
  /** Registry name, e.g. `dali-gateway/intesis`. */
  name: string;
  deviceId: string;
  controlUrl: string | undefined;
  /** TCP port the device protocol listens on, when it is TCP. */
  modbusPort?: number | undefined;
  stop(): Promise<void>;
}

export type SimulatorStarter = (request: SimulatorStartRequest) => Promise<RunningSimulator>;

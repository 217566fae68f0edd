/**
 * Simulated OPC-UA building controller (ARCHITECTURE.md §2 "Simulator"): a school's heating behind
 * a PLC-like OPC-UA server, with an RC thermal model, a heat pump, a meter and a control API.
 *
 * Contract:
 * - `startBuildingSimulator` resolves once the server listens; `endpointUrl` names it
 *   (port 0 picks an ephemeral port, kept across restarts).
 * - `restart()` shuts the OPC-UA server down and starts a new one on the same port and PKI: every
 *   session and subscription is lost, as when a real controller reboots. The building (model) keeps
 *   running: the physics does not reboot with the controller.
 * - `stop()` shuts the server (shutdown(0), pitfall 7) and the control API down; idempotent.
 * - Simulated time comes from `clock` (a Clock, or a speed factor for a scaled wall clock); the model
 *   is integrated lazily up to `clock.now()` whenever a value is read, so no timer keeps running.
 */
import { mkdirSync } from 'node:fs';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { OPCUAServer } from 'node-opcua';
import { createScaledClock, type Clock } from '../clock.ts';
import { startControlServer, type ControlServer } from '../control/index.ts';
import { FreezeTable, type BuildingAddressSpaceContext } from './address-space.ts';
import { buildingControlRoutes } from './control-routes.ts';
import { countMonitoredItems, startBuildingServer, type UserCredentials } from './opcua-server.ts';
import { BuildingModel } from './thermal-model.ts';
import { SCHOOL_ZONES, type ZoneSpec } from './zones.ts';

export interface BuildingSimulatorOptions {
  /** OPC-UA TCP port; 0 = ephemeral. */
  port: number;
  /** Interface to bind and to name in the endpoint URL. Default 127.0.0.1 (pitfall 3: not `localhost`). */
  host?: string;
  zones?: ZoneSpec[];
  renovated?: boolean;
  /** Server PKI root (own/, trusted/, rejected/…): a data folder or a temporary one, never $HOME. */
  pkiDir: string;
  users?: UserCredentials[];
  /** Default true. */
  allowAnonymous?: boolean;
  /** A shared Clock, or a speed factor (simulated seconds per real second) for a scaled wall clock. */
  clock?: Clock | number;
  /** Control API port (0 = ephemeral); omitted = no control API. */
  controlPort?: number;
  logger?: Logger;
}

export interface BuildingSimulator {
  readonly endpointUrl: string;
  readonly port: number;
  readonly controlUrl: string | undefined;
  readonly model: BuildingModel;
  readonly clock: Clock;
  readonly freeze: FreezeTable;
  readonly running: boolean;
  /** Integrates the model up to the clock's now. */
  sync(): void;
  /** Monitored items per NodeId string over every session (to prove a client never duplicates them). */
  monitoredItemCounts(): Map<string, number>;
  /** Freezes or releases a point by key (`Zone1.Temperature`) or NodeId (`ns=1;s=Building.Zone1.Temperature`). */
  setFrozen(pointOrNodeId: string, frozen: boolean): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const NODE_ID_PREFIX = /^ns=1;s=Building\./;

export async function startBuildingSimulator(options: BuildingSimulatorOptions): Promise<BuildingSimulator> {
  const logger = (options.logger ?? silentLogger).child('phare:sim:building-opcua');
  const clock =
    typeof options.clock === 'object' ? options.clock : createScaledClock({ speed: options.clock ?? 1 });
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.pkiDir, { recursive: true });
  const model = new BuildingModel(options.zones ?? SCHOOL_ZONES, {
    renovated: options.renovated ?? false,
    startMs: clock.now(),
  });
  const freeze = new FreezeTable();
  const context: BuildingAddressSpaceContext = {
    model,
    sync: () => model.advanceTo(clock.now()),
    freeze,
    readers: new Map(),
  };
  const serverOptions = {
    host,
    pkiDir: options.pkiDir,
    users: options.users ?? [],
    allowAnonymous: options.allowAnonymous ?? true,
    context,
  };

  let server: OPCUAServer | undefined = await startBuildingServer({ ...serverOptions, port: options.port });
  const port = server.endpoints[0]?.port ?? options.port;
  const endpointUrl = server.getEndpointUrl();
  let control: ControlServer | undefined;
  let restarting: Promise<void> | undefined;
  logger.info('OPC-UA building controller listening', { endpointUrl });

  const sim: BuildingSimulator = {
    endpointUrl,
    port,
    get controlUrl() {
      return control?.url;
    },
    model,
    clock,
    freeze,
    get running() {
      return server !== undefined;
    },
    sync: context.sync,
    monitoredItemCounts: () => (server ? countMonitoredItems(server) : new Map()),
    setFrozen(pointOrNodeId, frozen) {
      const key = pointOrNodeId.replace(NODE_ID_PREFIX, '');
      const live = context.readers.get(key);
      if (!live)
        throw new RangeError(`no point "${pointOrNodeId}"; known: ${[...context.readers.keys()].join(', ')}`);
      context.sync();
      freeze.set(key, frozen, live());
      return key;
    },
    restart() {
      restarting ??= (async () => {
        logger.info('restarting the OPC-UA server', { port });
        await server?.shutdown(0);
        server = undefined;
        server = await startBuildingServer({ ...serverOptions, port });
      })().finally(() => {
        restarting = undefined;
      });
      return restarting;
    },
    async stop() {
      await restarting?.catch(() => undefined);
      const closing = server;
      server = undefined;
      await Promise.all([closing?.shutdown(0), control?.close()]);
      control = undefined;
    },
  };

  if (options.controlPort !== undefined) {
    try {
      control = await startControlServer({
        port: options.controlPort,
        name: 'building-opcua',
        routes: buildingControlRoutes(sim),
        logger,
      });
    } catch (error) {
      await sim.stop();
      throw error;
    }
  }
  return sim;
}

/**
 * A simulated DALI-to-Modbus gateway: a DALI line of gear (line.ts), the gateway's command queue and
 * background poller, a register map (Intesis or DALION), faults on demand, a Modbus endpoint on TCP,
 * RTU over a pty, or RTU over TCP, and optionally a control API (control-routes.ts).
 *
 * Call order: `await startDaliGatewaySimulator(options)`, talk Modbus to `modbusPort` (or the pty at
 * `transport.path`), drive faults through `controlUrl` or in-process through the returned object,
 * then `await stop()`, which closes ports, ptys and timers.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { ModbusUnitHandler } from '@phare/device-drivers/modbus/types.ts';
import { systemClock, type Clock } from '../clock.ts';
import { startControlServer, type ControlServer } from '../control/index.ts';
import { DEFAULT_QUEUE_CAPACITY, GatewayCommandQueue } from './command-queue.ts';
import { gatewayControlRoutes } from './control-routes.ts';
import { createDalionHandler } from './dalion-map.ts';
import { GatewayFaults } from './faults.ts';
import { liveGearView, type GearView } from './gear-view.ts';
import { createIntesisHandler } from './intesis-handler.ts';
import { DaliLine, type LuminaireSpec } from './line.ts';
import { openModbusEndpoint, type GatewayTransport, type ModbusEndpoint } from './modbus-endpoint.ts';
import { PolledGearView } from './poller.ts';

export type GatewayModel = 'intesis' | 'dalion';

export interface DaliGatewaySimulatorOptions {
  model: GatewayModel;
  transport: GatewayTransport;
  /** Modbus unit id the gateway answers (default 1); other ids get exception 0x0B on TCP, silence on RTU. */
  unitId?: number;
  /** DALI channel: 0–1 for Intesis (7000-register pages), 0–3 for DALION (128-register blocks). Default 0. */
  line?: number;
  luminaires: LuminaireSpec[];
  /** Default true. False: frames are instant and reads come straight from the model (benchmarks). */
  busTiming?: boolean;
  /** DALI fade time code X of every gear; default 4 (2 s). */
  fadeTimeX?: number;
  /** Frames the gateway queues before answering 0x06 SERVER DEVICE BUSY; default 128. */
  queueCapacity?: number;
  /** Control API port: 0 = ephemeral, omitted = no control API. */
  controlPort?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface DaliGatewaySimulator {
  readonly model: GatewayModel;
  readonly unitId: number;
  /** TCP port of the Modbus endpoint (tcp and rtu-over-tcp). */
  readonly modbusPort: number | undefined;
  readonly controlUrl: string | undefined;
  /** The DALI line model, for in-process use (tests, benchmark). */
  readonly line: DaliLine;
  readonly faults: GatewayFaults;
  readonly running: boolean;
  /** Switch the gateway off (listener closed, connections dropped) or on again on the same port. */
  setRunning(running: boolean): Promise<void>;
  /** Back to the state at start: faults cleared, gear and registers reset, counters zeroed, running. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const LINE_COUNT: Record<GatewayModel, number> = { intesis: 2, dalion: 4 };

export async function startDaliGatewaySimulator(
  options: DaliGatewaySimulatorOptions,
): Promise<DaliGatewaySimulator> {
  const logger = (options.logger ?? silentLogger).child(`sim:dali-gateway:${options.model}`);
  const clock = options.clock ?? systemClock;
  const unitId = options.unitId ?? 1;
  const lineNumber = options.line ?? 0;
  const busTiming = options.busTiming ?? true;
  checkOptions(options.model, unitId, lineNumber);

  const line = new DaliLine({
    luminaires: options.luminaires,
    clock,
    busTiming,
    ...(options.fadeTimeX === undefined ? {} : { fadeTimeX: options.fadeTimeX }),
    logger: logger.child('bus'),
  });
  const queue = new GatewayCommandQueue(line.bus, options.queueCapacity ?? DEFAULT_QUEUE_CAPACITY);
  const poller = busTiming && options.model === 'intesis' ? new PolledGearView(line) : undefined;
  const view: GearView = poller ?? liveGearView(line);
  if (poller) line.bus.setBackgroundSource(poller.nextQuery);

  const mapHandler =
    options.model === 'intesis'
      ? createIntesisHandler({ lineNumber, view, queue })
      : createDalionHandler({ lineNumber, queue });
  const faults = new GatewayFaults();
  const handler: ModbusUnitHandler = faults.wrap(mapHandler);
  const endpoint: ModbusEndpoint = await openModbusEndpoint(
    options.transport,
    (unit) => (unit === unitId ? handler : undefined),
    logger,
  );

  let control: ControlServer | undefined;
  const simulator: DaliGatewaySimulator = {
    model: options.model,
    unitId,
    get modbusPort() {
      return endpoint.port;
    },
    get controlUrl() {
      return control?.url;
    },
    line,
    faults,
    get running() {
      return endpoint.running;
    },
    setRunning: (running) => (running ? endpoint.start() : endpoint.stop()),
    async reset() {
      faults.clear();
      line.reset();
      poller?.reload();
      mapHandler.reset();
      await endpoint.start();
    },
    async stop() {
      await control?.close();
      line.bus.stop();
      await endpoint.close();
    },
  };

  if (options.controlPort !== undefined) {
    try {
      control = await startControlServer({
        port: options.controlPort,
        name: `dali-gateway/${options.model}`,
        routes: gatewayControlRoutes(simulator),
        logger,
      });
    } catch (error) {
      await simulator.stop();
      throw error;
    }
  }
  return simulator;
}

function checkOptions(model: GatewayModel, unitId: number, lineNumber: number): void {
  if (!(model in LINE_COUNT)) throw new ConfigInvalid(`unknown DALI gateway model "${String(model)}"`);
  if (!Number.isInteger(unitId) || unitId < 1 || unitId > 247) {
    throw new ConfigInvalid(`Modbus unit id ${unitId} is outside 1–247 (protocols.md §3.1)`);
  }
  const lines = LINE_COUNT[model];
  if (!Number.isInteger(lineNumber) || lineNumber < 0 || lineNumber >= lines) {
    throw new ConfigInvalid(`${model} gateway DALI line ${lineNumber} is outside 0–${lines - 1}`);
  }
}

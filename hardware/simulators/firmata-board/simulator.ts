/**
 * A simulated Arduino Uno running StandardFirmata 2.5, wired to the maquette (street lamps, PIR,
 * button, float switch, pump relay, flood gate servo, level sensor), on a pty or a raw TCP port.
 *
 *   const sim = await startFirmataBoardSimulator({ transport: { kind: 'pty', path: '/tmp/phare/ttyACM0' }, controlPort: 0 });
 *   // a host opens firmata:///tmp/phare/ttyACM0 …
 *   await sim.stop();
 *
 * At power-up (start, and each time the cable is plugged back) the board resets and announces its
 * version and firmware at once, then every 250 ms until a host speaks (a pty cannot show the host's
 * open, which resets a real Uno); on TCP it announces to each host that connects. Pulling the cable
 * powers the board off: outputs fall to their reset state, the pty path disappears.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { systemClock, type Clock, type ClockTimer } from '../clock.ts';
import { startControlServer, type ControlServer } from '../control/index.ts';
import { createBoardLine, type BoardLine, type BoardLineSpec } from './board-line.ts';
import { firmataBoardControlRoutes } from './control-routes.ts';
import { PIN_MODE_NAMES } from './firmata-protocol.ts';
import { StandardFirmataModel } from './firmware.ts';
import { HostParser } from './host-parser.ts';
import {
  MAQUETTE_BASIN,
  MAQUETTE_GATE,
  MaquettePhysics,
  type BasinSpec,
  type GateSpec,
  type MaquetteState,
} from './maquette-physics.ts';
import { MAQUETTE_WIRING, type MaquetteWiring } from './maquette-wiring.ts';

/** Boot announcement repeat on a pty until a host speaks (see powerCycle). */
const ANNOUNCE_EVERY_MS = 250;

export interface FirmataBoardSimulatorOptions {
  transport: BoardLineSpec;
  /** Control API port (0 = ephemeral); omitted = no control API. */
  controlPort?: number;
  wiring?: MaquetteWiring;
  basin?: Partial<BasinSpec>;
  gate?: Partial<GateSpec>;
  clock?: Clock;
  logger?: Logger;
}

export interface FirmataBoardState extends MaquetteState {
  cable: { connected: boolean; path?: string; port?: number };
  firmware: {
    samplingIntervalMs: number;
    counters: StandardFirmataModel['counters'];
  };
  pins: { pin: number; mode: string; state: number; reporting: boolean; analogChannel?: number }[];
}

/** Model access for tests, the control API and the registry. */
export class FirmataBoardModel {
  constructor(
    readonly firmware: StandardFirmataModel,
    readonly maquette: MaquettePhysics,
    readonly line: BoardLine,
    private readonly powerCycle: (on: boolean) => void,
  ) {}

  state(): FirmataBoardState {
    this.maquette.step();
    return {
      cable: {
        connected: this.line.connected,
        ...(this.line.driverPath === undefined ? {} : { path: this.line.driverPath }),
        ...(this.line.port === undefined ? {} : { port: this.line.port }),
      },
      firmware: {
        samplingIntervalMs: this.firmware.samplingIntervalMs,
        counters: { ...this.firmware.counters },
      },
      pins: this.firmware
        .snapshot()
        .map((p) => ({ ...p, mode: PIN_MODE_NAMES[p.mode] ?? `0x${p.mode.toString(16)}` })),
      ...this.maquette.state(),
    };
  }

  /** Pulls (false) or plugs back (true) the USB cable. */
  async setCable(connected: boolean): Promise<void> {
    if (connected === this.line.connected) return;
    if (!connected) this.powerCycle(false);
    await this.line.setConnected(connected);
  }
}

export interface FirmataBoardSimulator {
  /** pty: the stable path the host opens. */
  path: string | undefined;
  /** tcp: the port the host connects to. */
  port: number | undefined;
  controlUrl: string | undefined;
  board: FirmataBoardModel;
  stop(): Promise<void>;
}

export async function startFirmataBoardSimulator(
  options: FirmataBoardSimulatorOptions,
): Promise<FirmataBoardSimulator> {
  const logger = (options.logger ?? silentLogger).child('sim:firmata-board');
  const clock = options.clock ?? systemClock;
  const line = await createBoardLine(options.transport, logger);
  const maquette = new MaquettePhysics(
    clock,
    options.wiring ?? MAQUETTE_WIRING,
    { ...MAQUETTE_BASIN, ...options.basin },
    { ...MAQUETTE_GATE, ...options.gate },
  );
  const firmware = new StandardFirmataModel(clock, maquette, (bytes) => line.write(bytes), logger);
  maquette.attach(firmware);
  maquette.onInputsChanged(() => firmware.checkDigitalInputs());

  const parser = new HostParser();
  let powered = false;
  let beacon: ClockTimer | undefined;
  const stopBeacon = (): void => {
    beacon?.cancel();
    beacon = undefined;
  };
  const powerCycle = (on: boolean): void => {
    stopBeacon();
    maquette.step();
    firmware.reset();
    if (!on) firmware.halt();
    powered = on;
    if (on && options.transport.kind === 'pty') {
      // A real Uno resets when the host opens the port (DTR) and then announces itself; a pty has
      // no DTR, so until a host speaks, repeat the boot announcement as a host opening would see it.
      beacon = clock.setInterval(() => firmware.announce(), ANNOUNCE_EVERY_MS);
    }
  };
  line.onData((chunk) => {
    if (!powered) return;
    stopBeacon();
    for (const message of parser.push(chunk)) firmware.handle(message);
  });
  line.onHostLink((reason) => {
    if (reason === 'cable') powerCycle(true);
    firmware.announce();
  });

  await line.setConnected(true);
  const board = new FirmataBoardModel(firmware, maquette, line, powerCycle);
  let control: ControlServer | undefined;
  try {
    if (options.controlPort !== undefined) {
      control = await startControlServer({
        port: options.controlPort,
        routes: firmataBoardControlRoutes(board),
        name: 'firmata-board (maquette, Arduino Uno + StandardFirmata 2.5)',
        logger,
      });
    }
  } catch (error) {
    stopBeacon();
    await line.close();
    firmware.halt();
    maquette.stop();
    throw error;
  }
  logger.info('firmata board up', { line: line.description });

  return {
    path: line.driverPath,
    get port() {
      return line.port;
    },
    controlUrl: control?.url,
    board,
    async stop() {
      await control?.close();
      stopBeacon();
      firmware.halt();
      maquette.stop();
      await line.close();
    },
  };
}

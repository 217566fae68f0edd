/**
 * Starts a Modbus RTU water instrument simulator from a profile id and a model: the line (pty or
 * serial-tcp), the RTU server with the profile's map (probe-server.ts), and a control API with the
 * state, the `silent` fault and the instrument's stimulus.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { startControlServer, type ControlRoute, type ControlServer } from '../../control/index.ts';
import { faultRoutes } from '../control-routes.ts';
import { SerialFaults } from '../faults.ts';
import { openSimLine, type SimLine, type SimLineSpec } from '../sim-line.ts';
import { profilePoints } from './profile-points.ts';
import { startProbeServer } from './probe-server.ts';

export interface ModbusInstrumentOptions {
  name: string;
  profileId: string;
  line: SimLineSpec;
  serial: SerialSettings;
  unitId: number;
  valueOf(pointId: string): number | undefined;
  state(): unknown;
  stimuli: ControlRoute[];
  controlPort?: number;
  logger?: Logger;
}

export interface ModbusInstrumentSimulator {
  readonly line: SimLine;
  readonly faults: SerialFaults;
  readonly controlUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startModbusInstrument(
  options: ModbusInstrumentOptions,
): Promise<ModbusInstrumentSimulator> {
  const logger = (options.logger ?? silentLogger).child(`sim:${options.name}`);
  const points = profilePoints(options.profileId);
  const faults = new SerialFaults();
  const line = await openSimLine(options.line, options.serial, logger);
  let control: ControlServer | undefined;
  try {
    const server = await startProbeServer({
      line,
      serial: options.serial,
      unitId: options.unitId,
      points,
      valueOf: options.valueOf,
      faults,
      logger,
    });
    if (options.controlPort !== undefined) {
      control = await startControlServer({
        port: options.controlPort,
        name: options.name,
        logger,
        routes: [
          {
            method: 'GET',
            path: '/state',
            summary: 'model state, unit id, faults, RTU line counters',
            handler: () => ({
              ...(options.state() as object),
              unitId: options.unitId,
              faults: faults.snapshot(),
              line: server.stats,
            }),
          },
          ...faultRoutes(faults, ['silent']),
          ...options.stimuli,
        ],
      });
    }
  } catch (error) {
    await line.close();
    throw error;
  }
  return {
    line,
    faults,
    controlUrl: control?.url,
    stop: async () => {
      await control?.close();
      await line.close();
    },
  };
}

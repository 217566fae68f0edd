/**
 * Simulated SDI-12 river gauge (level and water temperature, like a Campbell CS451 pressure
 * transducer: `aD0!` → `+level+temp`, protocols.md §4.2) on a pty or a serial-tcp server, its level
 * following rain on the catchment (physics/river-catchment.ts).
 *
 * Measurement sets: M (and C) → level m (3 decimals), temperature °C (2 decimals), ready after
 * `measurementSeconds` (service request for M); M1 → discharge m³/s (3 decimals);
 * R0 → level and temperature at once. Every set also answers its CRC variant (MC, CC, RC0).
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { startControlServer, type ControlServer } from '../control/index.ts';
import { faultRoutes, stimulusRoute } from './control-routes.ts';
import { SERIAL_FAULTS, SerialFaults } from './faults.ts';
import { RiverCatchment, SMALL_RIVER, type RiverCatchmentParameters } from './physics/river-catchment.ts';
import { SDI12_LINE, startSdi12Bus, type Sdi12Bus } from './sdi12/bus.ts';
import { Sdi12SimSensor } from './sdi12/sensor.ts';
import { openSimLine, type SimLine, type SimLineSpec } from './sim-line.ts';

export interface RiverGaugeOptions {
  line: SimLineSpec;
  /** SDI-12 address, default '0'. */
  address?: string;
  /** ttt of M and C, default 1 s. */
  measurementSeconds?: number;
  river?: RiverCatchmentParameters;
  clock?: Clock;
  /** Control API port; 0 = ephemeral; omitted = none. */
  controlPort?: number;
  logger?: Logger;
}

export interface RiverGaugeSimulator {
  readonly line: SimLine;
  readonly river: RiverCatchment;
  readonly faults: SerialFaults;
  readonly bus: Sdi12Bus;
  readonly sensor: Sdi12SimSensor;
  readonly controlUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startRiverGaugeSimulator(options: RiverGaugeOptions): Promise<RiverGaugeSimulator> {
  const logger = (options.logger ?? silentLogger).child('sim:river-gauge');
  const river = new RiverCatchment(options.clock ?? systemClock, options.river ?? SMALL_RIVER);
  const seconds = options.measurementSeconds ?? 1;
  const levelAndTemperature = () => {
    const s = river.snapshot();
    return [
      { value: s.levelM, decimals: 3 },
      { value: s.temperatureC, decimals: 2 },
    ];
  };
  const sensor = new Sdi12SimSensor({
    address: options.address ?? '0',
    vendor: 'PHARESIM',
    model: 'RIVER1',
    version: '100',
    serial: 'RG0001',
    measurements: {
      M: { seconds, values: levelAndTemperature },
      M1: { seconds, values: () => [{ value: river.snapshot().dischargeM3s, decimals: 3 }] },
      R0: { seconds: 0, values: levelAndTemperature },
    },
  });
  const faults = new SerialFaults();
  const line = await openSimLine(options.line, SDI12_LINE, logger);
  const bus = startSdi12Bus({ line, sensors: [sensor], faults, logger });
  let control: ControlServer | undefined;
  try {
    if (options.controlPort !== undefined) {
      control = await startControlServer({
        port: options.controlPort,
        name: 'water/river-gauge',
        logger,
        routes: [
          {
            method: 'GET',
            path: '/state',
            summary:
              'river (rain mm/h, discharge m³/s, level m, temperature °C), SDI-12 address, faults, counters',
            handler: () => ({
              river: river.snapshot(),
              address: sensor.address,
              line: line.description,
              faults: faults.snapshot(),
              counters: bus.counters,
            }),
          },
          ...faultRoutes(faults, SERIAL_FAULTS),
          stimulusRoute('/rain', 'mmPerHour', 500, (mmPerHour) => {
            river.setRain(mmPerHour);
            return river.snapshot();
          }),
        ],
      });
    }
  } catch (error) {
    bus.stop();
    await line.close();
    throw error;
  }
  return {
    line,
    river,
    faults,
    bus,
    sensor,
    controlUrl: control?.url,
    stop: async () => {
      bus.stop();
      await control?.close();
      await line.close();
    },
  };
}

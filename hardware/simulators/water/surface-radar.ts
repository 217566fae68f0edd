/**
 * Simulated FTS SDI-RADAR-300W-style surface velocity radar on the river (protocols.md §4.2): NMEA-like
 * output-only sentences with an XOR checksum between `$` and `*`, at 9600 8N1, one burst a second:
 *   $RDTGT,<dir ±1>,<speed×10>,<signal>*hh   $RDAVG,<avg speed×10>*hh   $RDANG,<tilt°>*hh
 * Speed in m/s × 10 here [assumption: the manual's units setting decides on real kit]. The surface
 * velocity follows the river model: mean velocity Q / (width × depth), surface ≈ 1.2 × mean.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { withNmeaChecksum } from '@phare/device-drivers/serial-sensors/ascii-line/checksum.ts';
import { systemClock, type Clock } from '../clock.ts';
import { startControlServer, type ControlServer } from '../control/index.ts';
import { faultRoutes, stimulusRoute } from './control-routes.ts';
import { SerialFaults } from './faults.ts';
import { RiverCatchment, SMALL_RIVER } from './physics/river-catchment.ts';
import { openSimLine, type SimLine, type SimLineSpec } from './sim-line.ts';
import { STREAMING_LINE, startStreamer, type Streamer } from './streaming/streamer.ts';

const CHANNEL_WIDTH_M = 12;
const TILT_DEG = 32;

export interface SurfaceRadarOptions {
  line: SimLineSpec;
  /** Default 1000 ms. */
  periodMs?: number;
  clock?: Clock;
  controlPort?: number;
  logger?: Logger;
}

export interface SurfaceRadarSimulator {
  readonly line: SimLine;
  readonly river: RiverCatchment;
  readonly faults: SerialFaults;
  readonly streamer: Streamer;
  readonly controlUrl: string | undefined;
  /** Surface speed in m/s × 10, as sent. */
  speedTenths(): number;
  stop(): Promise<void>;
}

export async function startSurfaceRadarSimulator(
  options: SurfaceRadarOptions,
): Promise<SurfaceRadarSimulator> {
  const logger = (options.logger ?? silentLogger).child('sim:surface-radar');
  const river = new RiverCatchment(options.clock ?? systemClock, SMALL_RIVER);
  const speedTenths = (): number => {
    const s = river.snapshot();
    return Math.round(((1.2 * s.dischargeM3s) / (CHANNEL_WIDTH_M * Math.max(0.05, s.levelM))) * 10);
  };
  const faults = new SerialFaults();
  const line = await openSimLine(options.line, STREAMING_LINE, logger);
  const streamer = startStreamer({
    line,
    serial: STREAMING_LINE,
    terminator: '\r\n',
    periodMs: options.periodMs ?? 1000,
    nextLines: () => {
      const speed = speedTenths();
      return [
        withNmeaChecksum(`RDTGT,+1,${speed},87`),
        withNmeaChecksum(`RDAVG,${speed}`),
        withNmeaChecksum(`RDANG,${TILT_DEG}`),
      ];
    },
    faults,
    logger,
  });
  let control: ControlServer | undefined;
  if (options.controlPort !== undefined) {
    control = await startControlServer({
      port: options.controlPort,
      name: 'water/surface-radar',
      logger,
      routes: [
        {
          method: 'GET',
          path: '/state',
          summary: 'river (rain, discharge, level), surface speed ×10, faults, counters',
          handler: () => ({
            river: river.snapshot(),
            speedTenths: speedTenths(),
            faults: faults.snapshot(),
            counters: streamer.counters,
          }),
        },
        ...faultRoutes(faults, ['garbage', 'truncated', 'silent', 'wrong-crc']),
        stimulusRoute('/rain', 'mmPerHour', 500, (mmPerHour) => {
          river.setRain(mmPerHour);
          return river.snapshot();
        }),
      ],
    }).catch(async (error: unknown) => {
      streamer.stop();
      await line.close();
      throw error;
    });
  }
  return {
    line,
    river,
    faults,
    streamer,
    controlUrl: control?.url,
    speedTenths,
    stop: async () => {
      streamer.stop();
      await control?.close();
      await line.close();
    },
  };
}

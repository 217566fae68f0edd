/**
 * Simulated retention basin with a MaxBotix-like ultrasonic level sensor looking down at the water:
 * it streams `R####<CR>` (distance in mm, 4 digits) at 9600 8N1 (protocols.md §4.2, MB7xxx), on a pty
 * or a serial-tcp server. The basin fills with rain and empties through its orifice
 * (physics/retention-basin.ts); distance = mounting height − water level, within the sensor's range.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { systemClock, type Clock } from '../clock.ts';
import { startControlServer, type ControlServer } from '../control/index.ts';
import { faultRoutes, stimulusRoute } from './control-routes.ts';
import { SerialFaults } from './faults.ts';
import { RetentionBasin, SMALL_BASIN } from './physics/retention-basin.ts';
import { openSimLine, type SimLine, type SimLineSpec } from './sim-line.ts';
import { STREAMING_LINE, startStreamer, type Streamer } from './streaming/streamer.ts';

/** MB7389-style range limits, mm: readings are clamped to what the sensor reports. */
const RANGE_MM = { min: 300, max: 4999 };

export interface RetentionBasinOptions {
  line: SimLineSpec;
  /** Sensor height above the basin floor, m. Default 4.0. */
  mountHeightM?: number;
  /** Default 200 ms (5 lines a second). */
  periodMs?: number;
  clock?: Clock;
  controlPort?: number;
  logger?: Logger;
}

export interface RetentionBasinSimulator {
  readonly line: SimLine;
  readonly basin: RetentionBasin;
  readonly faults: SerialFaults;
  readonly streamer: Streamer;
  readonly controlUrl: string | undefined;
  distanceMm(): number;
  stop(): Promise<void>;
}

export async function startRetentionBasinSimulator(
  options: RetentionBasinOptions,
): Promise<RetentionBasinSimulator> {
  const logger = (options.logger ?? silentLogger).child('sim:retention-basin');
  const basin = new RetentionBasin(options.clock ?? systemClock, SMALL_BASIN);
  const mount = options.mountHeightM ?? 4.0;
  const distanceMm = (): number => {
    const mm = Math.round((mount - basin.snapshot().levelM) * 1000);
    return Math.min(RANGE_MM.max, Math.max(RANGE_MM.min, mm));
  };
  const faults = new SerialFaults();
  const line = await openSimLine(options.line, STREAMING_LINE, logger);
  const streamer = startStreamer({
    line,
    serial: STREAMING_LINE,
    terminator: '\r',
    periodMs: options.periodMs ?? 200,
    nextLines: () => [`R${String(distanceMm()).padStart(4, '0')}`],
    faults,
    logger,
  });
  let control: ControlServer | undefined;
  if (options.controlPort !== undefined) {
    control = await startControlServer({
      port: options.controlPort,
      name: 'water/retention-basin',
      logger,
      routes: [
        {
          method: 'GET',
          path: '/state',
          summary: 'basin (rain mm/h, level m), distance mm, faults, counters',
          handler: () => ({
            basin: basin.snapshot(),
            distanceMm: distanceMm(),
            faults: faults.snapshot(),
            counters: streamer.counters,
          }),
        },
        ...faultRoutes(faults, ['garbage', 'truncated', 'silent']),
        stimulusRoute('/rain', 'mmPerHour', 500, (mmPerHour) => {
          basin.setRain(mmPerHour);
          return basin.snapshot();
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
    basin,
    faults,
    streamer,
    controlUrl: control?.url,
    distanceMm,
    stop: async () => {
      streamer.stop();
      await control?.close();
      await line.close();
    },
  };
}

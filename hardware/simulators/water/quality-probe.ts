/**
 * Simulated water-quality probe in the river on Modbus RTU (profile phare/water-quality-probe:
 * temperature, conductivity, turbidity as float32 register pairs, low word first). Rain on the
 * catchment brings a storm flow that stirs up sediment (turbidity rises with the storm share of the
 * discharge) and dilutes dissolved salts (conductivity falls with it).
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { systemClock, type Clock } from '../clock.ts';
import { stimulusRoute } from './control-routes.ts';
import { startModbusInstrument, type ModbusInstrumentSimulator } from './modbus/instrument.ts';
import { RiverCatchment, SMALL_RIVER } from './physics/river-catchment.ts';
import type { SimLineSpec } from './sim-line.ts';

export const QUALITY_PROBE_PROFILE = 'phare/water-quality-probe';
export const QUALITY_PROBE_LINE: SerialSettings = {
  baudRate: 19200,
  dataBits: 8,
  parity: 'even',
  stopBits: 1,
};

const DRY_CONDUCTIVITY_US_CM = 480;
const DRY_TURBIDITY_NTU = 4;
const STORM_TURBIDITY_NTU = 260;

export interface QualityProbeOptions {
  line: SimLineSpec;
  unitId?: number;
  clock?: Clock;
  controlPort?: number;
  logger?: Logger;
}

export interface QualityProbeSimulator extends ModbusInstrumentSimulator {
  readonly river: RiverCatchment;
  values(): { temperature: number; conductivity: number; turbidity: number };
}

export async function startQualityProbeSimulator(
  options: QualityProbeOptions,
): Promise<QualityProbeSimulator> {
  const river = new RiverCatchment(options.clock ?? systemClock, SMALL_RIVER);
  const values = () => {
    const s = river.snapshot();
    return {
      temperature: s.temperatureC,
      conductivity: DRY_CONDUCTIVITY_US_CM * (1 - 0.6 * s.stormFraction),
      turbidity: DRY_TURBIDITY_NTU + STORM_TURBIDITY_NTU * s.stormFraction,
    };
  };
  const sim = await startModbusInstrument({
    name: 'water/quality-probe',
    profileId: QUALITY_PROBE_PROFILE,
    line: options.line,
    serial: QUALITY_PROBE_LINE,
    unitId: options.unitId ?? 1,
    valueOf: (id) => (values() as Record<string, number>)[id],
    state: () => ({ river: river.snapshot(), values: values() }),
    stimuli: [stimulusRoute('/rain', 'mmPerHour', 500, (mmPerHour) => (river.setRain(mmPerHour), values()))],
    ...(options.controlPort === undefined ? {} : { controlPort: options.controlPort }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { ...sim, river, values, stop: () => sim.stop() };
}

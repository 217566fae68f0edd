/**
 * Simulated Aquaread LeveLine-CTD level logger on Modbus RTU, serving the map of its manual
 * (profile aquaread/leveline-ctd, protocols.md §4.2): temperature °C×100, absolute pressure mbar×10
 * as a 32-bit high/low word pair, EC µS/cm (32-bit), EC@20 °C, EC@25 °C, salinity PSU×100.
 * The logger hangs in the river: its pressure is the atmosphere plus the water column above it.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { systemClock, type Clock } from '../clock.ts';
import { stimulusRoute } from './control-routes.ts';
import { startModbusInstrument, type ModbusInstrumentSimulator } from './modbus/instrument.ts';
import { RiverCatchment, SMALL_RIVER } from './physics/river-catchment.ts';
import type { SimLineSpec } from './sim-line.ts';

export const LEVELINE_PROFILE = 'aquaread/leveline-ctd';
export const LEVELINE_LINE: SerialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

const ATMOSPHERE_MBAR = 1013.2;
/** ρ·g for fresh water, in mbar per metre (1000 kg/m³ × 9.81 m/s² = 98.1 mbar/m). */
const MBAR_PER_M = 98.1;
/** Temperature compensation of EC, per °C (the usual 2 %/°C for natural waters). */
const EC_PER_DEGREE = 0.02;

export interface LevelineOptions {
  line: SimLineSpec;
  unitId?: number;
  clock?: Clock;
  controlPort?: number;
  logger?: Logger;
}

export interface LevelineSimulator extends ModbusInstrumentSimulator {
  readonly river: RiverCatchment;
  values(): Record<string, number>;
}

export async function startLevelineSimulator(options: LevelineOptions): Promise<LevelineSimulator> {
  const river = new RiverCatchment(options.clock ?? systemClock, SMALL_RIVER);
  const values = (): Record<string, number> => {
    const s = river.snapshot();
    const ec25 = 500 * (1 - 0.6 * s.stormFraction);
    const ec = ec25 * (1 + EC_PER_DEGREE * (s.temperatureC - 25));
    return {
      temperature: Math.round(s.temperatureC * 100) / 100,
      pressure: Math.round((ATMOSPHERE_MBAR + MBAR_PER_M * s.levelM) * 10) / 10,
      conductivity: Math.round(ec),
      conductivity20: Math.round(ec25 * (1 + EC_PER_DEGREE * (20 - 25))),
      conductivity25: Math.round(ec25),
      salinity: Math.round(ec25 * 0.00064 * 100) / 100,
    };
  };
  const sim = await startModbusInstrument({
    name: 'water/leveline',
    profileId: LEVELINE_PROFILE,
    line: options.line,
    serial: LEVELINE_LINE,
    unitId: options.unitId ?? 1,
    valueOf: (id) => values()[id],
    state: () => ({ river: river.snapshot(), values: values() }),
    stimuli: [stimulusRoute('/rain', 'mmPerHour', 500, (mmPerHour) => (river.setRain(mmPerHour), values()))],
    ...(options.controlPort === undefined ? {} : { controlPort: options.controlPort }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { ...sim, river, values, stop: () => sim.stop() };
}

/**
 * Simulated building water meter on Modbus RTU (profile phare/building-water-meter: flow m³/h as
 * float32, totaliser in litres as uint32, high word first). Its flow follows the building's use
 * (physics/building-water.ts) plus an injected leak, which shows as a night flow that never drops
 * to zero. Modbus RTU was chosen over SDI-12 because building meters with a bus output speak it.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { systemClock, type Clock } from '../clock.ts';
import { stimulusRoute } from './control-routes.ts';
import { startModbusInstrument, type ModbusInstrumentSimulator } from './modbus/instrument.ts';
import { BuildingWater, SMALL_OFFICE } from './physics/building-water.ts';
import type { SimLineSpec } from './sim-line.ts';

export const BUILDING_METER_PROFILE = 'phare/building-water-meter';
export const BUILDING_METER_LINE: SerialSettings = {
  baudRate: 9600,
  dataBits: 8,
  parity: 'even',
  stopBits: 1,
};

export interface BuildingMeterOptions {
  line: SimLineSpec;
  unitId?: number;
  clock?: Clock;
  controlPort?: number;
  logger?: Logger;
}

export interface BuildingMeterSimulator extends ModbusInstrumentSimulator {
  readonly water: BuildingWater;
}

export async function startBuildingMeterSimulator(
  options: BuildingMeterOptions,
): Promise<BuildingMeterSimulator> {
  const water = new BuildingWater(options.clock ?? systemClock, SMALL_OFFICE);
  const valueOf = (id: string): number | undefined => {
    const s = water.snapshot();
    if (id === 'flow') return s.flowM3h;
    if (id === 'volume') return Math.floor(s.volumeM3 * 1000) / 1000;
    return undefined;
  };
  const sim = await startModbusInstrument({
    name: 'water/building-meter',
    profileId: BUILDING_METER_PROFILE,
    line: options.line,
    serial: BUILDING_METER_LINE,
    unitId: options.unitId ?? 1,
    valueOf,
    state: () => ({ water: water.snapshot() }),
    stimuli: [
      stimulusRoute(
        '/leak',
        'litresPerHour',
        10_000,
        (litresPerHour) => (water.setLeak(litresPerHour), water.snapshot()),
      ),
    ],
    ...(options.controlPort === undefined ? {} : { controlPort: options.controlPort }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { ...sim, water, stop: () => sim.stop() };
}

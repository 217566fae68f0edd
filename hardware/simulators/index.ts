/**
 * Simulator registry: a profile's `simulator:` field (e.g. `dali-gateway/intesis`) names the function
 * that starts a device double for it. Add a simulator by adding one line here.
 */
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { buildingOpcuaStarter } from './building-opcua/from-site.ts';
import { daliGatewayStarter } from './dali-gateway/from-site.ts';
import { FIRMATA_BOARD_SIMULATOR, firmataBoardStarter } from './firmata-board/from-site.ts';
import type { SimulatorStarter } from './registry-types.ts';
import { WATER_SIMULATORS } from './water/from-site.ts';

export type { SimulatorStartRequest, RunningSimulator, SimulatorStarter } from './registry-types.ts';
export { createScaledClock, createManualClock, systemClock, type Clock, type ManualClock } from './clock.ts';

export const SIMULATORS: Readonly<Record<string, SimulatorStarter>> = {
  'dali-gateway/intesis': daliGatewayStarter('intesis'),
  'dali-gateway/dalion': daliGatewayStarter('dalion'),
  'building-opcua/school': buildingOpcuaStarter(),
  [FIRMATA_BOARD_SIMULATOR]: firmataBoardStarter,
  ...WATER_SIMULATORS,
};

/** The starter for a profile's `simulator:` name; ConfigInvalid lists the known names when there is none. */
export function findSimulator(name: string): SimulatorStarter {
  const starter = SIMULATORS[name];
  if (!starter) {
    throw new ConfigInvalid(`no simulator "${name}"; known: ${Object.keys(SIMULATORS).join(', ')}`, {
      detail: { simulator: name },
    });
  }
  return starter;
}

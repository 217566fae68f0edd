export {
  startBuildingSimulator,
  type BuildingSimulator,
  type BuildingSimulatorOptions,
} from './simulator.ts';
export { SCHOOL_ZONES, HEAT_PUMP_MODES, SETPOINT_RANGE, type ZoneSpec } from './zones.ts';
export type { UserCredentials } from './opcua-server.ts';
export type { BuildingSnapshot } from './thermal-model.ts';
export { buildingOpcuaStarter } from './from-site.ts';

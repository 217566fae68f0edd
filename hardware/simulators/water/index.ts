/** Simulated serial water sensors: SDI-12 river gauge, streaming ASCII instruments, Modbus RTU instruments. */
export { WATER_SIMULATORS } from './from-site.ts';
export { startRiverGaugeSimulator, type RiverGaugeOptions, type RiverGaugeSimulator } from './river-gauge.ts';
export {
  startRetentionBasinSimulator,
  type RetentionBasinOptions,
  type RetentionBasinSimulator,
} from './retention-basin.ts';
export {
  startSurfaceRadarSimulator,
  type SurfaceRadarOptions,
  type SurfaceRadarSimulator,
} from './surface-radar.ts';
export {
  startQualityProbeSimulator,
  type QualityProbeOptions,
  type QualityProbeSimulator,
} from './quality-probe.ts';
export { startLevelineSimulator, type LevelineOptions, type LevelineSimulator } from './leveline.ts';
export {
  startBuildingMeterSimulator,
  type BuildingMeterOptions,
  type BuildingMeterSimulator,
} from './building-meter.ts';
export { openSimLine, type SimLine, type SimLineSpec } from './sim-line.ts';
export { SerialFaults, SERIAL_FAULTS, type SerialFault } from './faults.ts';
export { RiverCatchment, SMALL_RIVER } from './physics/river-catchment.ts';
export { RetentionBasin } from './physics/retention-basin.ts';
export { BuildingWater } from './physics/building-water.ts';
export { Sdi12SimSensor, type Sdi12SensorSpec } from './sdi12/sensor.ts';
export { startSdi12Bus, SDI12_LINE } from './sdi12/bus.ts';

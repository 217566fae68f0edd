/** Simulated DALI-to-Modbus gateways (HMS Intesis, BACmove DALION) with a DALI line model. */
export {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
  type DaliGatewaySimulatorOptions,
  type GatewayModel,
} from './gateway.ts';
export type { GatewayTransport } from './modbus-endpoint.ts';
export { DaliLine, type LuminaireSpec, type LineSnapshot, type GearSnapshot } from './line.ts';
export { DaliBus, FRAME_KINDS, type BusCounters, type FrameKind } from './bus.ts';
export { DaliGear } from './gear.ts';
export { STANDBY_W, linearLedPowerModel, type PowerModel } from './power.ts';
export { INTESIS_LAYOUT } from './intesis-map.ts';
export { DALION_LAYOUT, dalionArc } from './dalion-map.ts';

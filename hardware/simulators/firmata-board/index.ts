/** The maquette's Arduino Uno running StandardFirmata 2.5, simulated on a pty or a TCP port. */
export {
  startFirmataBoardSimulator,
  FirmataBoardModel,
  type FirmataBoardSimulator,
  type FirmataBoardSimulatorOptions,
  type FirmataBoardState,
} from './simulator.ts';
export { firmataBoardStarter, FIRMATA_BOARD_SIMULATOR } from './from-site.ts';
export { MAQUETTE_WIRING, type MaquetteWiring } from './maquette-wiring.ts';
export {
  MAQUETTE_BASIN,
  MAQUETTE_GATE,
  type BasinSpec,
  type GateSpec,
  type MaquetteState,
} from './maquette-physics.ts';
export { FIRMATA_SERIAL, type BoardLineSpec } from './board-line.ts';
export { PIN_MODE, PROTOCOL_VERSION, FIRMWARE } from './firmata-protocol.ts';

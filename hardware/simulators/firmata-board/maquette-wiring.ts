/**
 * Which pin of the Uno each part of the maquette is wired to. It must match the profile
 * (hardware/profiles/arduino/maquette-uno.yaml, components[].pin) and the wiring diagram
 * (hardware/wiring/maquette/wiring.svg); a test checks the profile against this table.
 */
export interface MaquetteWiring {
  /** Street lamps: LEDs through 220 Ω resistors on PWM pins. */
  lamps: readonly number[];
  /** PIR motion sensor output (HIGH on motion). */
  motion: number;
  /** Push button to 5 V with a 10 kΩ pull-down (HIGH when pressed). */
  button: number;
  /** Float switch to 5 V with a 10 kΩ pull-down (HIGH when the water lifts the float). */
  floatSwitch: number;
  /** Relay module input, high-level trigger (HIGH = pump on). */
  pumpRelay: number;
  /** Flood gate servo signal. */
  gateServo: number;
  /** Water level sensor on an analog channel (0 = A0). */
  levelChannel: number;
}

export const MAQUETTE_WIRING: MaquetteWiring = {
  lamps: [3, 5, 6],
  motion: 2,
  button: 4,
  floatSwitch: 7,
  pumpRelay: 8,
  gateServo: 9,
  levelChannel: 0,
};

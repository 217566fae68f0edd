/**
 * The Arduino Uno pin set as StandardFirmata 2.5 describes it (firmata/arduino `Boards.h`, ATmega328P
 * section; `StandardFirmata.ino` CAPABILITY_QUERY and ANALOG_MAPPING_QUERY):
 * - 20 pins, 3 ports of 8; pins 0 and 1 are the USB serial line (RX/TX) and offer no mode;
 * - digital 2–19; analog inputs A0–A5 are pins 14–19 (channels 0–5), 10-bit;
 * - PWM on 3, 5, 6, 9, 10, 11 (8-bit); servo on every digital pin (14-bit pulse value);
 * - I2C on 18 (SDA) and 19 (SCL).
 */
import { PIN_MODE, SYSEX, encodeSysex } from './firmata-protocol.ts';

export const TOTAL_PINS = 20;
export const TOTAL_PORTS = Math.ceil(TOTAL_PINS / 8);
export const FIRST_ANALOG_PIN = 14;
export const ANALOG_CHANNELS = 6;
export const ADC_MAX = 1023;
export const PWM_MAX = 255;

const PWM_PINS = new Set([3, 5, 6, 9, 10, 11]);
const I2C_PINS = new Set([18, 19]);

export function isDigitalPin(pin: number): boolean {
  return pin >= 2 && pin < TOTAL_PINS;
}
export function isAnalogPin(pin: number): boolean {
  return pin >= FIRST_ANALOG_PIN && pin < FIRST_ANALOG_PIN + ANALOG_CHANNELS;
}
export function isPwmPin(pin: number): boolean {
  return PWM_PINS.has(pin);
}
export function analogChannelOf(pin: number): number | undefined {
  return isAnalogPin(pin) ? pin - FIRST_ANALOG_PIN : undefined;
}
export function pinOfAnalogChannel(channel: number): number | undefined {
  return channel >= 0 && channel < ANALOG_CHANNELS ? FIRST_ANALOG_PIN + channel : undefined;
}

/** Modes a pin accepts, in the order StandardFirmata lists them, with their resolution in bits. */
export function capabilitiesOf(pin: number): [mode: number, resolution: number][] {
  const modes: [number, number][] = [];
  if (isDigitalPin(pin)) modes.push([PIN_MODE.INPUT, 1], [PIN_MODE.PULLUP, 1], [PIN_MODE.OUTPUT, 1]);
  if (isAnalogPin(pin)) modes.push([PIN_MODE.ANALOG, 10]);
  if (isPwmPin(pin)) modes.push([PIN_MODE.PWM, 8]);
  if (isDigitalPin(pin)) modes.push([PIN_MODE.SERVO, 14]);
  if (I2C_PINS.has(pin)) modes.push([PIN_MODE.I2C, 1]);
  return modes;
}

export function supportsMode(pin: number, mode: number): boolean {
  return capabilitiesOf(pin).some(([m]) => m === mode);
}

/** CAPABILITY_RESPONSE: per pin, (mode, resolution) pairs then 0x7F. */
export function encodeCapabilityResponse(): Buffer {
  const body: number[] = [];
  for (let pin = 0; pin < TOTAL_PINS; pin++) {
    for (const [mode, resolution] of capabilitiesOf(pin)) body.push(mode, resolution);
    body.push(0x7f);
  }
  return encodeSysex(SYSEX.CAPABILITY_RESPONSE, body);
}

/** ANALOG_MAPPING_RESPONSE: per pin its analog channel, or 0x7F when it has none. */
export function encodeAnalogMappingResponse(): Buffer {
  const body: number[] = [];
  for (let pin = 0; pin < TOTAL_PINS; pin++) body.push(analogChannelOf(pin) ?? 0x7f);
  return encodeSysex(SYSEX.ANALOG_MAPPING_RESPONSE, body);
}

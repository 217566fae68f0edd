/**
 * Firmata 2.5 wire format, board side: command bytes (protocols.md §6.3 table; firmata/protocol
 * `protocol.md` v2.5) and the encoders for what a StandardFirmata board sends.
 *
 * Everything after a command byte is 7-bit: a 14-bit value travels as LSB (bits 0–6) then MSB (bits 7–13).
 */

export const DIGITAL_MESSAGE = 0x90; // 0x90 | port, LSB, MSB
export const ANALOG_MESSAGE = 0xe0; // 0xE0 | channel (or pin < 16 for PWM/servo writes), LSB, MSB
export const REPORT_ANALOG = 0xc0; // 0xC0 | channel, 0/1
export const REPORT_DIGITAL = 0xd0; // 0xD0 | port, 0/1
export const SET_PIN_MODE = 0xf4; // pin, mode
export const SET_DIGITAL_PIN_VALUE = 0xf5; // pin, 0/1
export const REPORT_VERSION = 0xf9; // major, minor
export const SYSTEM_RESET = 0xff;
export const START_SYSEX = 0xf0;
export const END_SYSEX = 0xf7;

export const SYSEX = {
  ANALOG_MAPPING_QUERY: 0x69,
  ANALOG_MAPPING_RESPONSE: 0x6a,
  CAPABILITY_QUERY: 0x6b,
  CAPABILITY_RESPONSE: 0x6c,
  PIN_STATE_QUERY: 0x6d,
  PIN_STATE_RESPONSE: 0x6e,
  EXTENDED_ANALOG: 0x6f,
  SERVO_CONFIG: 0x70,
  STRING_DATA: 0x71,
  REPORT_FIRMWARE: 0x79,
  SAMPLING_INTERVAL: 0x7a,
} as const;

/** Pin modes (protocol.md "pin modes"; firmata-io MODES). */
export const PIN_MODE = {
  INPUT: 0x00,
  OUTPUT: 0x01,
  ANALOG: 0x02,
  PWM: 0x03,
  SERVO: 0x04,
  I2C: 0x06,
  PULLUP: 0x0b,
  IGNORE: 0x7f,
} as const;
export type PinMode = (typeof PIN_MODE)[keyof typeof PIN_MODE];

export const PIN_MODE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(PIN_MODE).map(([name, code]) => [code, name.toLowerCase()]),
);

/** StandardFirmata 2.5.x announces protocol version 2.5 (`F9 02 05`, protocols.md §6.3). */
export const PROTOCOL_VERSION = { major: 2, minor: 5 } as const;
/** Firmware name and version StandardFirmata 2.5 reports: the sketch's file name. */
export const FIRMWARE = { name: 'StandardFirmata.ino', major: 2, minor: 5 } as const;

export function lsb(value: number): number {
  return value & 0x7f;
}
export function msb(value: number): number {
  return (value >> 7) & 0x7f;
}

export function encodeReportVersion(): Buffer {
  return Buffer.from([REPORT_VERSION, PROTOCOL_VERSION.major, PROTOCOL_VERSION.minor]);
}

/** `F0 79 major minor name-as-7-bit-pairs F7` (each character as LSB, MSB). */
export function encodeReportFirmware(): Buffer {
  const name = [...Buffer.from(FIRMWARE.name, 'ascii')].flatMap((c) => [lsb(c), msb(c)]);
  return Buffer.from([
    START_SYSEX,
    SYSEX.REPORT_FIRMWARE,
    FIRMWARE.major,
    FIRMWARE.minor,
    ...name,
    END_SYSEX,
  ]);
}

export function encodeDigitalPort(port: number, value: number): Buffer {
  return Buffer.from([DIGITAL_MESSAGE | (port & 0x0f), lsb(value), msb(value)]);
}

export function encodeAnalog(channel: number, value: number): Buffer {
  return Buffer.from([ANALOG_MESSAGE | (channel & 0x0f), lsb(value), msb(value)]);
}

/** PIN_STATE_RESPONSE: the state in as many 7-bit bytes as it needs (StandardFirmata sysexCallback). */
export function encodePinState(pin: number, mode: number, state: number): Buffer {
  const bytes = [lsb(state)];
  if (state & 0xff80) bytes.push(msb(state));
  if (state & 0xc000) bytes.push((state >> 14) & 0x7f);
  return Buffer.from([START_SYSEX, SYSEX.PIN_STATE_RESPONSE, pin, mode, ...bytes, END_SYSEX]);
}

export function encodeSysex(command: number, body: number[]): Buffer {
  return Buffer.from([START_SYSEX, command, ...body, END_SYSEX]);
}

/** STRING_DATA: text as 7-bit pairs, as `Firmata.sendString` does (e.g. "Unknown pin mode"). */
export function encodeString(text: string): Buffer {
  return encodeSysex(
    SYSEX.STRING_DATA,
    [...Buffer.from(text, 'ascii')].flatMap((c) => [lsb(c), msb(c)]),
  );
}

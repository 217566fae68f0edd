/**
 * firmata-io and johnny-five, loaded from ESM, with the few types we use (neither ships types).
 *
 * firmata-io is used with our own transport instance: `new Firmata(port)`. The class-binding form
 * `require("firmata-io")(SerialPort)` breaks with serialport ≥ 10, and the `firmata` package drags
 * in a native serialport 8 (protocols.md §6.3).
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** One pin as firmata-io keeps it (io-plugins spec, protocols.md §6.1). */
export interface IoPin {
  supportedModes: number[];
  mode?: number;
  value: number;
  report: number;
  analogChannel: number;
  /** Filled by a PIN_STATE_RESPONSE. */
  state?: number;
}

/** The part of a firmata-io `Firmata` instance (an io-plugin) the link and driver use. */
export interface FirmataIo extends EventEmitter {
  readonly isReady: boolean;
  readonly MODES: {
    INPUT: number;
    OUTPUT: number;
    ANALOG: number;
    PWM: number;
    SERVO: number;
    PULLUP: number;
  };
  readonly pins: IoPin[];
  readonly analogPins: number[];
  readonly firmware: { name?: string; version?: { major: number; minor: number } };
  readonly version: { major?: number; minor?: number };
  readonly RESOLUTION: { ADC: number | null; PWM: number | null };
  pinMode(pin: number, mode: number): void;
  digitalWrite(pin: number, value: number): void;
  reportDigitalPin(pin: number, value: 0 | 1): void;
  reportAnalogPin(channel: number, value: 0 | 1): void;
  queryPinState(pin: number, callback: () => void): void;
  setSamplingInterval(ms: number): void;
}

export interface FirmataIoOptions {
  /** How long firmata-io waits for the board to announce itself before asking (default 5000 ms). */
  reportVersionTimeout?: number;
  samplingInterval?: number;
}

export type FirmataIoConstructor = new (transport: EventEmitter, options?: FirmataIoOptions) => FirmataIo;

export interface FiveBoard extends EventEmitter {
  readonly id: string;
  readonly isReady: boolean;
  readonly io: FirmataIo;
}

interface FiveComponentOptions {
  pin: number;
  board: FiveBoard;
}

export interface FiveLed {
  brightness(value: number): FiveLed;
  on(): FiveLed;
  off(): FiveLed;
}

export interface FiveServo {
  to(degrees: number): FiveServo;
  readonly pwmRange: [number, number];
  readonly degreeRange: [number, number];
}

export interface FiveRelay {
  /** Closes the circuit (energises a normally-open relay). */
  close(): FiveRelay;
  open(): FiveRelay;
}

export interface FiveModule {
  Board: (new (options: {
    io: FirmataIo;
    repl: false;
    debug: false;
    sigint: false;
    id?: string;
  }) => FiveBoard) & {
    readonly cache: FiveBoard[];
  };
  Led: new (options: FiveComponentOptions) => FiveLed;
  Servo: new (
    options: FiveComponentOptions & {
      invert?: boolean;
      range?: [number, number];
      pwmRange?: [number, number];
    },
  ) => FiveServo;
  Relay: new (options: FiveComponentOptions & { type?: 'NO' | 'NC' }) => FiveRelay;
}

export const Firmata = (require('firmata-io') as { Firmata: FirmataIoConstructor }).Firmata;

let five: FiveModule | undefined;
/** johnny-five, loaded on first use (it pulls in a large module tree). */
export function johnnyFive(): FiveModule {
  five ??= require('johnny-five') as FiveModule;
  return five;
}

/**
 * What StandardFirmata 2.5 does on an Arduino Uno, as a model (firmata/arduino
 * `examples/StandardFirmata/StandardFirmata.ino`): pin modes and states, digital writes per port,
 * PWM and servo writes, input reporting, sampling interval, queries, reset.
 *
 * Behaviour kept from the sketch, because clients rely on it:
 * - On boot (and on `announce()`), the board sends REPORT_VERSION then REPORT_FIRMWARE.
 * - REPORT_DIGITAL on sends the port's value at once; then a port is sent only when an input on it
 *   changes (`outputPort`, pins not in INPUT/PULLUP read as 0).
 * - REPORT_ANALOG on sends the channel's value at once; then every analog pin in ANALOG mode with
 *   reporting on is sent once per sampling interval (default 19 ms, minimum 10 ms on the Uno sketch).
 * - A digital port write touches only pins in OUTPUT (and sets the pull-up of INPUT pins written 1).
 * - Servo writes below 544 are degrees, above are microseconds (Arduino `Servo::write`).
 * - PIN_STATE_RESPONSE reports the last value written to the pin (output, PWM duty, servo angle),
 *   the pull-up flag for inputs: never the live input level.
 * - SYSTEM_RESET: analog pins back to ANALOG, digital pins to OUTPUT low, reporting off.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { Clock, ClockTimer } from '../clock.ts';
import {
  PIN_MODE,
  SYSEX,
  encodeAnalog,
  encodeDigitalPort,
  encodePinState,
  encodeReportFirmware,
  encodeReportVersion,
  encodeString,
} from './firmata-protocol.ts';
import type { HostMessage } from './host-parser.ts';
import {
  ANALOG_CHANNELS,
  TOTAL_PINS,
  TOTAL_PORTS,
  analogChannelOf,
  encodeAnalogMappingResponse,
  encodeCapabilityResponse,
  isAnalogPin,
  isDigitalPin,
  pinOfAnalogChannel,
  supportsMode,
} from './uno-pins.ts';

/** The electrical world the board's inputs read. */
export interface BoardInputs {
  /** Level of a digital input pin: 0 or 1. */
  digital(pin: number): 0 | 1;
  /** ADC reading of an analog channel: 0–1023. */
  analog(channel: number): number;
}

export interface PinSnapshot {
  pin: number;
  mode: number;
  /** What StandardFirmata keeps as the pin's state (last value written, or the pull-up flag). */
  state: number;
  /** Reporting enabled for this pin's port (digital) or channel (analog). */
  reporting: boolean;
  analogChannel?: number;
}

export type OutputListener = (pin: number, mode: number, state: number) => void;

const DEFAULT_SAMPLING_MS = 19;
const MINIMUM_SAMPLING_MS = 10;
const SERVO_MIN_PULSE_US = 544;
const SERVO_MAX_PULSE_US = 2400;

export class StandardFirmataModel {
  readonly modes: number[] = new Array<number>(TOTAL_PINS).fill(PIN_MODE.IGNORE);
  readonly states: number[] = new Array<number>(TOTAL_PINS).fill(0);
  private readonly servoPulse = new Map<number, { min: number; max: number }>();
  private readonly reportPorts: boolean[] = new Array<boolean>(TOTAL_PORTS).fill(false);
  private readonly previousPorts: number[] = new Array<number>(TOTAL_PORTS).fill(0);
  private analogReport = 0;
  private samplingMs = DEFAULT_SAMPLING_MS;
  private samplingTimer: ClockTimer | undefined;
  private readonly outputListeners: OutputListener[] = [];
  private readonly logger: Logger;
  /** Counters for tests and the control API. */
  readonly counters = { messagesIn: 0, analogReports: 0, digitalReports: 0, resets: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly inputs: BoardInputs,
    private readonly send: (bytes: Buffer) => void,
    logger: Logger = silentLogger,
  ) {
    this.logger = logger.child('firmware');
    this.reset();
  }

  get samplingIntervalMs(): number {
    return this.samplingMs;
  }

  onOutput(listener: OutputListener): void {
    this.outputListeners.push(listener);
  }

  /** What `Firmata.begin()` prints at boot: the protocol version, then the firmware name. */
  announce(): void {
    this.send(encodeReportVersion());
    this.send(encodeReportFirmware());
  }

  /** Power-on or SYSTEM_RESET (systemResetCallback). */
  reset(): void {
    this.counters.resets++;
    this.reportPorts.fill(false);
    this.previousPorts.fill(0);
    this.servoPulse.clear();
    for (let pin = 0; pin < TOTAL_PINS; pin++) {
      if (isAnalogPin(pin)) this.applyMode(pin, PIN_MODE.ANALOG);
      else if (isDigitalPin(pin)) this.applyMode(pin, PIN_MODE.OUTPUT);
    }
    this.analogReport = 0;
    this.setSampling(DEFAULT_SAMPLING_MS);
  }

  /** Stops the sampling timer (board powered off or simulator stopped). */
  halt(): void {
    this.samplingTimer?.cancel();
    this.samplingTimer = undefined;
  }

  handle(message: HostMessage): void {
    this.counters.messagesIn++;
    switch (message.kind) {
      case 'report-version':
        return this.send(encodeReportVersion());
      case 'system-reset':
        return this.reset();
      case 'set-pin-mode':
        return this.setPinMode(message.pin, message.mode);
      case 'set-pin-value':
        if (isDigitalPin(message.pin) && this.modes[message.pin] === PIN_MODE.OUTPUT)
          this.setState(message.pin, message.value ? 1 : 0);
        return;
      case 'digital-port':
        return this.writePort(message.port, message.value);
      case 'analog-write':
        return this.analogWrite(message.pin, message.value);
      case 'report-analog':
        return this.reportAnalog(message.channel, message.enable);
      case 'report-digital':
        return this.reportDigital(message.port, message.enable);
      case 'sysex':
        return this.sysex(message.command, message.data);
    }
  }

  /** An input changed in the world: send the ports that report and changed (checkDigitalInputs). */
  checkDigitalInputs(force = false): void {
    for (let port = 0; port < TOTAL_PORTS; port++) {
      if (!this.reportPorts[port]) continue;
      const value = this.readPort(port);
      if (force || value !== this.previousPorts[port]) {
        this.previousPorts[port] = value;
        this.counters.digitalReports++;
        this.send(encodeDigitalPort(port, value));
      }
    }
  }

  snapshot(): PinSnapshot[] {
    return this.modes.map((mode, pin) => {
      const channel = analogChannelOf(pin);
      const reporting =
        channel !== undefined && mode === PIN_MODE.ANALOG
          ? (this.analogReport & (1 << channel)) !== 0
          : this.reportPorts[pin >> 3] === true;
      return {
        pin,
        mode,
        state: this.states[pin] ?? 0,
        reporting,
        ...(channel === undefined ? {} : { analogChannel: channel }),
      };
    });
  }

  private sysex(command: number, data: number[]): void {
    switch (command) {
      case SYSEX.REPORT_FIRMWARE:
        return this.send(encodeReportFirmware());
      case SYSEX.CAPABILITY_QUERY:
        return this.send(encodeCapabilityResponse());
      case SYSEX.ANALOG_MAPPING_QUERY:
        return this.send(encodeAnalogMappingResponse());
      case SYSEX.PIN_STATE_QUERY: {
        const pin = data[0];
        if (pin === undefined) return;
        if (pin >= TOTAL_PINS) return this.send(Buffer.from([0xf0, SYSEX.PIN_STATE_RESPONSE, pin, 0xf7]));
        return this.send(encodePinState(pin, this.modes[pin]!, this.states[pin]!));
      }
      case SYSEX.SAMPLING_INTERVAL:
        if (data.length > 1) this.setSampling((data[0] ?? 0) | ((data[1] ?? 0) << 7));
        return;
      case SYSEX.SERVO_CONFIG: {
        if (data.length < 5) return;
        const [pin = 0, minL = 0, minH = 0, maxL = 0, maxH = 0] = data;
        if (!isDigitalPin(pin)) return;
        this.servoPulse.set(pin, { min: minL | (minH << 7), max: maxL | (maxH << 7) });
        return this.applyMode(pin, PIN_MODE.SERVO);
      }
      case SYSEX.EXTENDED_ANALOG: {
        if (data.length < 2) return;
        const [pin = 0, ...bytes] = data;
        const value = bytes.reduce((sum, byte, i) => sum | ((byte & 0x7f) << (7 * i)), 0);
        return this.analogWrite(pin, value);
      }
      default:
        this.logger.debug('ignored sysex', { command });
    }
  }

  private setPinMode(pin: number, mode: number): void {
    if (pin >= TOTAL_PINS || this.modes[pin] === PIN_MODE.IGNORE) return;
    if (!supportsMode(pin, mode)) {
      this.send(encodeString('Unknown pin mode'));
      return;
    }
    this.applyMode(pin, mode);
  }

  /** setPinModeCallback. */
  private applyMode(pin: number, mode: number): void {
    const channel = analogChannelOf(pin);
    if (channel !== undefined) this.reportAnalog(channel, mode === PIN_MODE.ANALOG, true);
    this.modes[pin] = mode;
    if (mode === PIN_MODE.SERVO && !this.servoPulse.has(pin))
      this.servoPulse.set(pin, { min: SERVO_MIN_PULSE_US, max: SERVO_MAX_PULSE_US });
    this.setState(pin, mode === PIN_MODE.PULLUP ? 1 : 0);
  }

  private writePort(port: number, value: number): void {
    for (let bit = 0; bit < 8; bit++) {
      const pin = port * 8 + bit;
      if (!isDigitalPin(pin)) continue;
      const mode = this.modes[pin];
      if (mode !== PIN_MODE.OUTPUT && mode !== PIN_MODE.INPUT) continue;
      this.setState(pin, (value >> bit) & 1);
    }
  }

  private analogWrite(pin: number, value: number): void {
    if (pin >= TOTAL_PINS) return;
    const mode = this.modes[pin];
    if (mode === PIN_MODE.PWM) this.setState(pin, Math.min(255, Math.max(0, value)));
    else if (mode === PIN_MODE.SERVO) this.setState(pin, value);
  }

  /** The angle a servo on `pin` is told to hold, from its state (Arduino Servo::write rules). */
  servoAngle(pin: number): number {
    const value = this.states[pin] ?? 0;
    if (value < SERVO_MIN_PULSE_US) return Math.min(180, Math.max(0, value));
    const pulse = this.servoPulse.get(pin) ?? { min: SERVO_MIN_PULSE_US, max: SERVO_MAX_PULSE_US };
    const clamped = Math.min(pulse.max, Math.max(pulse.min, value));
    return ((clamped - pulse.min) * 180) / (pulse.max - pulse.min);
  }

  private reportAnalog(channel: number, enable: boolean, resetting = false): void {
    if (channel >= ANALOG_CHANNELS) return;
    if (!enable) {
      this.analogReport &= ~(1 << channel);
      return;
    }
    this.analogReport |= 1 << channel;
    // Sent at once so a reconnecting host knows the value (2.5 sketch), except during a reset.
    if (!resetting) this.sendAnalog(channel);
  }

  private reportDigital(port: number, enable: boolean): void {
    if (port >= TOTAL_PORTS) return;
    this.reportPorts[port] = enable;
    if (enable) {
      const value = this.readPort(port);
      this.previousPorts[port] = value;
      this.counters.digitalReports++;
      this.send(encodeDigitalPort(port, value));
    }
  }

  private readPort(port: number): number {
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      const pin = port * 8 + bit;
      const mode = this.modes[pin];
      if (mode === PIN_MODE.INPUT || mode === PIN_MODE.PULLUP) value |= this.inputs.digital(pin) << bit;
    }
    return value;
  }

  private setSampling(ms: number): void {
    this.samplingMs = Math.max(MINIMUM_SAMPLING_MS, ms);
    this.samplingTimer?.cancel();
    this.samplingTimer = this.clock.setInterval(() => this.sample(), this.samplingMs);
  }

  /** One pass of the sketch's timed loop: analog inputs in ANALOG mode with reporting on. */
  private sample(): void {
    for (let channel = 0; channel < ANALOG_CHANNELS; channel++) {
      const pin = pinOfAnalogChannel(channel)!;
      if (this.modes[pin] === PIN_MODE.ANALOG && this.analogReport & (1 << channel)) this.sendAnalog(channel);
    }
    this.checkDigitalInputs();
  }

  private sendAnalog(channel: number): void {
    this.counters.analogReports++;
    const value = Math.round(Math.min(1023, Math.max(0, this.inputs.analog(channel))));
    this.send(encodeAnalog(channel, value));
  }

  private setState(pin: number, state: number): void {
    const changed = this.states[pin] !== state;
    this.states[pin] = state;
    if (changed || this.isOutputMode(pin))
      for (const listener of this.outputListeners) listener(pin, this.modes[pin]!, state);
  }

  private isOutputMode(pin: number): boolean {
    const mode = this.modes[pin];
    return mode === PIN_MODE.OUTPUT || mode === PIN_MODE.PWM || mode === PIN_MODE.SERVO;
  }
}

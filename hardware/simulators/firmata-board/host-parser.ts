/**
 * Cuts the bytes a host sends to a Firmata board into messages, as StandardFirmata's FirmataParser
 * does (firmata/arduino `FirmataParser.cpp`): a command byte (bit 7 set) starts a message, data bytes
 * (bit 7 clear) complete it; a new command byte abandons an incomplete message; data bytes outside a
 * message are ignored; a sysex runs from F0 to F7.
 */
import {
  ANALOG_MESSAGE,
  DIGITAL_MESSAGE,
  END_SYSEX,
  REPORT_ANALOG,
  REPORT_DIGITAL,
  REPORT_VERSION,
  SET_DIGITAL_PIN_VALUE,
  SET_PIN_MODE,
  START_SYSEX,
  SYSTEM_RESET,
} from './firmata-protocol.ts';

export type HostMessage =
  | { kind: 'digital-port'; port: number; value: number }
  | { kind: 'analog-write'; pin: number; value: number }
  | { kind: 'report-analog'; channel: number; enable: boolean }
  | { kind: 'report-digital'; port: number; enable: boolean }
  | { kind: 'set-pin-mode'; pin: number; mode: number }
  | { kind: 'set-pin-value'; pin: number; value: number }
  | { kind: 'report-version' }
  | { kind: 'system-reset' }
  | { kind: 'sysex'; command: number; data: number[] };

/** StandardFirmata keeps 64 sysex data bytes (MAX_DATA_BYTES); we are more generous but still bounded. */
const MAX_SYSEX_BYTES = 1024;

/** Data bytes each channel-style command expects after its command byte. */
function dataBytesOf(command: number): number {
  const high = command & 0xf0;
  if (high === REPORT_ANALOG || high === REPORT_DIGITAL) return 1;
  if (high === DIGITAL_MESSAGE || high === ANALOG_MESSAGE) return 2;
  if (command === SET_PIN_MODE || command === SET_DIGITAL_PIN_VALUE) return 2;
  return 0;
}

export class HostParser {
  private command: number | undefined;
  private data: number[] = [];
  private inSysex = false;

  /** Feeds received bytes; returns the complete messages they finish, in order. */
  push(chunk: Uint8Array): HostMessage[] {
    const out: HostMessage[] = [];
    for (const byte of chunk) {
      if (this.inSysex) {
        if (byte === END_SYSEX) {
          this.inSysex = false;
          const [command, ...data] = this.data;
          this.data = [];
          if (command !== undefined) out.push({ kind: 'sysex', command, data });
        } else if (byte >= 0x80) {
          // A command byte inside a sysex: the sysex was cut short; start over with this byte.
          this.inSysex = false;
          this.data = [];
          this.startCommand(byte, out);
        } else if (this.data.length < MAX_SYSEX_BYTES) {
          this.data.push(byte);
        }
        continue;
      }
      if (byte >= 0x80) {
        this.startCommand(byte, out);
        continue;
      }
      if (this.command === undefined) continue;
      this.data.push(byte);
      if (this.data.length === dataBytesOf(this.command)) {
        const message = decode(this.command, this.data);
        this.command = undefined;
        this.data = [];
        if (message) out.push(message);
      }
    }
    return out;
  }

  private startCommand(byte: number, out: HostMessage[]): void {
    this.command = undefined;
    this.data = [];
    if (byte === START_SYSEX) {
      this.inSysex = true;
    } else if (byte === REPORT_VERSION) {
      out.push({ kind: 'report-version' });
    } else if (byte === SYSTEM_RESET) {
      out.push({ kind: 'system-reset' });
    } else if (dataBytesOf(byte) > 0) {
      this.command = byte;
    }
  }
}

function decode(command: number, data: number[]): HostMessage | undefined {
  const [a = 0, b = 0] = data;
  const high = command & 0xf0;
  const low = command & 0x0f;
  if (high === DIGITAL_MESSAGE) return { kind: 'digital-port', port: low, value: a | (b << 7) };
  if (high === ANALOG_MESSAGE) return { kind: 'analog-write', pin: low, value: a | (b << 7) };
  if (high === REPORT_ANALOG) return { kind: 'report-analog', channel: low, enable: a !== 0 };
  if (high === REPORT_DIGITAL) return { kind: 'report-digital', port: low, enable: a !== 0 };
  if (command === SET_PIN_MODE) return { kind: 'set-pin-mode', pin: a, mode: b };
  if (command === SET_DIGITAL_PIN_VALUE) return { kind: 'set-pin-value', pin: a, value: b };
  return undefined;
}

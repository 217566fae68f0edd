/**
 * How a profile describes the points of a serial water sensor (profile kind `serial-sensor`,
 * lab-controller/src/config/schema/serial-sensor.ts produces exactly these objects).
 */
import type { Terminator } from './line-splitter.ts';

interface SerialPointBase {
  /** Local point id within the device. */
  id: string;
  /** engineering value = value × scale + offset (defaults 1 and 0: the sensor's own number). */
  scale?: number;
  offset?: number;
  /** UCUM unit code. */
  unit?: string;
  range?: { min: number; max: number };
  pollGroup?: string;
}

/** An SDI-12 point: value number `valueIndex` (0-based) of a measurement command. */
export interface Sdi12PointDef extends SerialPointBase {
  /** Measurement command without address and `!`: `M`, `MC`, `M1`, `C`, `CC2`, `R0`, `RC1`. */
  command: string;
  valueIndex: number;
}

/** One kind of line a streaming instrument sends. */
export interface AsciiSentenceDef {
  id: string;
  /**
   * Regular expression with named groups, matched against the whole line without its terminator
   * and, for `nmea-xor`, without the `*hh` checksum suffix: `^R(?<range>\d{4})$`.
   */
  pattern: string;
}

export interface AsciiLineFormat {
  terminator: Terminator;
  /** `nmea-xor`: two hex digits after `*`, XOR of the characters between `$` and `*` (protocols.md §4.2). */
  checksum: 'nmea-xor' | 'none';
  /** A value older than this is not served: read throws Timeout (never stale data as fresh). */
  maxAgeMs: number;
  sentences: AsciiSentenceDef[];
}

/** An ASCII point: a named group of one sentence. */
export interface AsciiLinePointDef extends SerialPointBase {
  sentence: string;
  group: string;
}

/** Applies scale and offset without adding float noise beyond 12 significant digits. */
export function scaled(value: number, def: { scale?: number; offset?: number }): number {
  if (def.scale === undefined && def.offset === undefined) return value;
  return Number((value * (def.scale ?? 1) + (def.offset ?? 0)).toPrecision(12));
}

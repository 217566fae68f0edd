/**
 * SDI-12 commands and the shape of their responses (standard §4.4, protocols.md §4.1 command table).
 * Pure text: no I/O. Every command is `<address><letters>!`; every response `<address>…<CR><LF>`.
 */

/** Standard addresses '0'–'9', extended 'A'–'Z' and 'a'–'z' (§4.4.2). */
export function isSdi12Address(char: string): boolean {
  return /^[0-9A-Za-z]$/.test(char);
}

/**
 * A data-producing command: M (measurement, service request after ttt s), C (concurrent, no service
 * request), R (continuous, data at once). `index` 0 is the base command (`aM!`, `aC!`); M and C take
 * 1–9 as additional measurements, R takes 0–9. `crc` selects the CRC variant (`aMC!`, `aCC!`, `aRC0!`).
 */
export interface Sdi12MeasurementCommand {
  kind: 'M' | 'C' | 'R';
  index: number;
  crc: boolean;
}

/** Profile spelling of a measurement command, without address and `!`: `M`, `MC`, `M2`, `CC1`, `R0`, `RC3`. */
export function parseMeasurementSpec(spec: string): Sdi12MeasurementCommand | undefined {
  const mc = /^([MC])(C)?([1-9])?$/.exec(spec);
  if (mc) return { kind: mc[1] as 'M' | 'C', index: mc[3] ? Number(mc[3]) : 0, crc: mc[2] === 'C' };
  const r = /^R(C)?([0-9])$/.exec(spec);
  if (r) return { kind: 'R', index: Number(r[2]), crc: r[1] === 'C' };
  return undefined;
}

export function measurementSpec(command: Sdi12MeasurementCommand): string {
  const crc = command.crc ? 'C' : '';
  if (command.kind === 'R') return `R${crc}${command.index}`;
  return `${command.kind}${crc}${command.index === 0 ? '' : command.index}`;
}

export function measurementCommandText(address: string, command: Sdi12MeasurementCommand): string {
  return `${address}${measurementSpec(command)}!`;
}

export function sendDataCommandText(address: string, index: number): string {
  return `${address}D${index}!`;
}

/** The answer to M (`atttn`) or C (`atttnn`): seconds until ready and number of values (§4.4.5, §4.4.7). */
export interface Sdi12MeasurementStart {
  address: string;
  readySeconds: number;
  valueCount: number;
}

export function parseMeasurementStart(line: string, kind: 'M' | 'C'): Sdi12MeasurementStart | undefined {
  const pattern = kind === 'M' ? /^(.)(\d{3})(\d)$/ : /^(.)(\d{3})(\d{2})$/;
  const match = pattern.exec(line);
  if (!match) return undefined;
  return { address: match[1]!, readySeconds: Number(match[2]), valueCount: Number(match[3]) };
}

/**
 * The answer to `aI!` (§4.4.4, protocols.md §4.1): `a` + 2-digit SDI-12 version + 8-character
 * vendor + 6-character model + 3-character sensor version + up to 13 optional characters.
 */
export interface Sdi12Identification {
  address: string;
  /** `13` for v1.3, `14` for v1.4. */
  sdiVersion: string;
  vendor: string;
  model: string;
  sensorVersion: string;
  /** The optional field (serial number, often). */
  optional: string;
  raw: string;
}

export function parseIdentification(line: string): Sdi12Identification | undefined {
  const match = /^(.)(\d{2})(.{8})(.{6})(.{3})(.{0,13})$/.exec(line);
  if (!match) return undefined;
  return {
    address: match[1]!,
    sdiVersion: match[2]!,
    vendor: match[3]!.trimEnd(),
    model: match[4]!.trimEnd(),
    sensorVersion: match[5]!,
    optional: match[6]!,
    raw: line,
  };
}

/** The longest response to a command, for the receive deadline: D/R values are capped at 75 characters (§4.4.8) plus address, CRC and CR LF. */
export const MAX_RESPONSE_CHARACTERS = 1 + 75 + 3 + 2;

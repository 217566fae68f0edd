/**
 * Engineering units: OPC-UA EUInformation (UNECE Rec 20 common codes packed into a unitId,
 * OPC UA Part 8 §5.6.3) to the UCUM codes Phare profiles use.
 *
 * unitId = c0·2¹⁶ + c1·2⁸ + c2 for the (up to 3) ASCII characters of the UNECE code, so CEL → 4408652
 * (protocols.md §5.1 gives the ones we checked with node-opcua's makeEUInformation).
 * The table lists what building controllers publish; an unknown code yields no UCUM unit, and the
 * discovery leaves a TODO for a human instead of guessing.
 */

/** UNECE common code → UCUM. */
const UNECE_TO_UCUM: Readonly<Record<string, string>> = {
  CEL: 'Cel',
  KEL: 'K',
  FAH: '[degF]',
  P1: '%',
  '59': '[ppm]',
  '61': '[ppb]',
  WTT: 'W',
  KWT: 'kW',
  MAW: 'MW',
  KWH: 'kW.h',
  MWH: 'MW.h',
  WHR: 'W.h',
  JOU: 'J',
  KJO: 'kJ',
  VLT: 'V',
  AMP: 'A',
  HTZ: 'Hz',
  D33: 'T',
  PAL: 'Pa',
  A97: 'hPa',
  KPA: 'kPa',
  BAR: 'bar',
  MBR: 'mbar',
  MQH: 'm3/h',
  MQS: 'm3/s',
  L2: 'l/min',
  LTR: 'l',
  MTQ: 'm3',
  MTR: 'm',
  MMT: 'mm',
  CMT: 'cm',
  MTS: 'm/s',
  KMH: 'km/h',
  LUX: 'lx',
  RPM: '/min',
  SEC: 's',
  MIN: 'min',
  HUR: 'h',
  C62: '1',
  D52: 'W/K',
  D54: 'W/m2',
};

/** The UNECE common code packed in an EUInformation unitId. */
export function uneceCodeOf(unitId: number): string | undefined {
  if (!Number.isInteger(unitId) || unitId <= 0 || unitId > 0xffffff) return undefined;
  const chars = [(unitId >> 16) & 0xff, (unitId >> 8) & 0xff, unitId & 0xff]
    .filter((c) => c !== 0)
    .map((c) => String.fromCharCode(c));
  const code = chars.join('');
  return /^[A-Z0-9]{1,3}$/.test(code) ? code : undefined;
}

/** UCUM code for an EUInformation unitId, when the UNECE code is one we know. */
export function ucumOfUnitId(unitId: number): string | undefined {
  const code = uneceCodeOf(unitId);
  return code === undefined ? undefined : UNECE_TO_UCUM[code];
}

import { describe, expect, it } from 'vitest';
import {
  appendSdi12Crc,
  checkSdi12Crc,
  encodeSdi12Crc,
  parseIdentification,
  parseMeasurementSpec,
  parseMeasurementStart,
  parseSdi12Values,
  sdi12Crc16,
} from '@phare/device-drivers/serial-sensors/index.ts';

describe('SDI-12 CRC (standard v1.4 §4.4.12)', () => {
  // The worked examples printed in §4.4.12.3 and the address-only answer of §4.4.8.1.
  const SPEC_EXAMPLES = [
    '0+3.14OqZ',
    '0+3.14+2.718+1.414Ipz',
    '0+1.11+2.22+3.33+4.44+5.55+6.66I]q',
    '0+7.77+8.88+9.99IvW',
    '0+3.14+2.718IWO',
    '0AP@',
  ];

  it.each(SPEC_EXAMPLES)('reproduces the standard example %s', (line) => {
    expect(appendSdi12Crc(line.slice(0, -3))).toBe(line);
    expect(checkSdi12Crc(line)).toEqual({ ok: true, body: line.slice(0, -3) });
  });

  it('is CRC-16/ARC: the check value of "123456789" is 0xBB3D, sent as "Kl}"', () => {
    expect(sdi12Crc16('123456789')).toBe(0xbb3d);
    expect(encodeSdi12Crc(0xbb3d)).toBe('Kl}');
  });

  it('rejects a damaged digit or a damaged CRC character', () => {
    expect(checkSdi12Crc('0+3.15OqZ')).toMatchObject({ ok: false, received: 'OqZ' });
    expect(checkSdi12Crc('0+3.14OqY')).toMatchObject({ ok: false, expected: 'OqZ' });
    expect(checkSdi12Crc('OqZ').ok).toBe(false);
  });
});

describe('SDI-12 values (standard §4.4.8)', () => {
  it("keeps each value's sign, digits and decimals exactly as sent", () => {
    expect(parseSdi12Values('+1.23-0.45+12-0.000+.5')).toEqual([
      { text: '+1.23', value: 1.23, decimals: 2 },
      { text: '-0.45', value: -0.45, decimals: 2 },
      { text: '+12', value: 12, decimals: 0 },
      { text: '-0.000', value: -0, decimals: 3 },
      { text: '+.5', value: 0.5, decimals: 1 },
    ]);
  });

  it('reads no values from an empty answer (an aborted measurement)', () => {
    expect(parseSdi12Values('')).toEqual([]);
  });

  it('refuses text that is not a run of signed values', () => {
    expect(parseSdi12Values('1.23')).toBeUndefined();
    expect(parseSdi12Values('+1.2x')).toBeUndefined();
    expect(parseSdi12Values('+12345678')).toBeUndefined(); // 8 digits: more than the 7 allowed
    expect(parseSdi12Values('+-1')).toBeUndefined();
  });
});

describe('SDI-12 responses and command spellings', () => {
  it('reads atttn after M and atttnn after C (§4.4.5, §4.4.7)', () => {
    expect(parseMeasurementStart('00359', 'M')).toEqual({ address: '0', readySeconds: 35, valueCount: 9 });
    expect(parseMeasurementStart('001320', 'C')).toEqual({ address: '0', readySeconds: 13, valueCount: 20 });
    expect(parseMeasurementStart('001320', 'M')).toBeUndefined();
    expect(parseMeasurementStart('0X122', 'M')).toBeUndefined();
  });

  it('splits the aI! answer into its fixed fields (Campbell CS451 example)', () => {
    expect(parseIdentification('013CAMPBELLCS451 1.0SN12345')).toMatchObject({
      address: '0',
      sdiVersion: '13',
      vendor: 'CAMPBELL',
      model: 'CS451',
      sensorVersion: '1.0',
      optional: 'SN12345',
    });
    expect(parseIdentification('013CSI')).toBeUndefined();
  });

  it('knows the measurement commands a profile may name', () => {
    expect(parseMeasurementSpec('M')).toEqual({ kind: 'M', index: 0, crc: false });
    expect(parseMeasurementSpec('MC2')).toEqual({ kind: 'M', index: 2, crc: true });
    expect(parseMeasurementSpec('CC')).toEqual({ kind: 'C', index: 0, crc: true });
    expect(parseMeasurementSpec('RC0')).toEqual({ kind: 'R', index: 0, crc: true });
    expect(parseMeasurementSpec('M0')).toBeUndefined();
    expect(parseMeasurementSpec('R')).toBeUndefined();
  });
});

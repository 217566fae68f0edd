import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import { decodeStatus, describeStatus, encodeStatus } from '@phare/device-drivers/dali/index.ts';

describe('QUERY STATUS bitmap (protocols.md §1.5)', () => {
  it('puts control gear failure in b0 and power failure in b7', () => {
    expect(encodeStatus({ controlGearFailure: true })).toBe(0x01);
    expect(encodeStatus({ lampFailure: true, lampArcPowerOn: true })).toBe(0x06);
    expect(encodeStatus({ fadeRunning: true })).toBe(0x10);
    expect(encodeStatus({ missingShortAddress: true, powerFailure: true })).toBe(0xc0);
    expect(encodeStatus({})).toBe(0);
  });

  it('decodes a status byte into named flags', () => {
    expect(decodeStatus(0x24)).toEqual({
      controlGearFailure: false,
      lampFailure: false,
      lampArcPowerOn: true,
      limitError: false,
      fadeRunning: false,
      resetState: true,
      missingShortAddress: false,
      powerFailure: false,
    });
    expect(describeStatus(0x8a)).toEqual(['lamp failure', 'limit error', 'power failure']);
    expect(() => decodeStatus(256)).toThrow(OutOfRange);
  });

  it('round-trips every status byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (byte) => {
        expect(encodeStatus(decodeStatus(byte))).toBe(byte);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import {
  BROADCAST,
  BROADCAST_UNADDRESSED,
  addressFromFrame,
  addressMatches,
  decodeAddressByte,
  encodeAddressByte,
  ForwardFrame,
  groupAddress,
  isSpecialCommandByte,
  shortAddress,
  type GearAddress,
} from '@phare/device-drivers/dali/index.ts';

const anyGearAddress: fc.Arbitrary<GearAddress> = fc.oneof(
  fc.integer({ min: 0, max: 63 }).map(shortAddress),
  fc.integer({ min: 0, max: 15 }).map(groupAddress),
  fc.constant(BROADCAST),
  fc.constant(BROADCAST_UNADDRESSED),
);

describe('DALI gear addressing (protocols.md §1.3)', () => {
  it('encodes short, group and broadcast addresses with the selector bit S', () => {
    expect(encodeAddressByte(shortAddress(5), 0)).toBe(0x0a);
    expect(encodeAddressByte(shortAddress(5), 1)).toBe(0x0b);
    expect(encodeAddressByte(shortAddress(63), 1)).toBe(0x7f);
    expect(encodeAddressByte(groupAddress(3), 1)).toBe(0x87);
    expect(encodeAddressByte(groupAddress(15), 0)).toBe(0x9e);
    expect(encodeAddressByte(BROADCAST, 1)).toBe(0xff);
    expect(encodeAddressByte(BROADCAST, 0)).toBe(0xfe);
    expect(encodeAddressByte(BROADCAST_UNADDRESSED, 1)).toBe(0xfd);
  });

  it('throws OutOfRange for short addresses outside 0–63 and groups outside 0–15', () => {
    for (const bad of [-1, 64, 1.5, Number.NaN]) expect(() => shortAddress(bad)).toThrow(OutOfRange);
    for (const bad of [-1, 16, 0.5]) expect(() => groupAddress(bad)).toThrow(OutOfRange);
    expect(() => shortAddress(64)).toThrow(/short address 64 is outside 0–63/);
  });

  it('recognises the odd bytes 0xA1–0xCB as special commands, not addresses', () => {
    const specials = Array.from({ length: 256 }, (_, byte) => byte).filter(isSpecialCommandByte);
    expect(specials[0]).toBe(0xa1);
    expect(specials.at(-1)).toBe(0xcb);
    expect(specials).toHaveLength(22);
    expect(decodeAddressByte(0xa3)).toEqual({ kind: 'special', opcode: 0xa3 });
    expect(decodeAddressByte(0xa4)).toEqual({ kind: 'reserved', byte: 0xa4 });
    expect(addressFromFrame(ForwardFrame.gear(0xa5, 0x00))).toBeUndefined();
  });

  it('reads the address of a frame back', () => {
    expect(addressFromFrame(ForwardFrame.gear(0x87, 0x12))).toEqual(groupAddress(3));
    expect(addressFromFrame(ForwardFrame.gear(0xff, 0x00))).toEqual(BROADCAST);
  });

  it('round-trips every gear address and selector through the address byte', () => {
    fc.assert(
      fc.property(anyGearAddress, fc.constantFrom(0 as const, 1 as const), (address, selector) => {
        expect(decodeAddressByte(encodeAddressByte(address, selector))).toEqual({
          kind: 'gear',
          address,
          selector,
        });
      }),
    );
  });

  it('decodes every byte to exactly one of gear address, special command or reserved', () => {
    for (let byte = 0; byte < 256; byte++) {
      const decoded = decodeAddressByte(byte);
      if (decoded.kind === 'gear') expect(encodeAddressByte(decoded.address, decoded.selector)).toBe(byte);
      else expect(byte).toBeGreaterThanOrEqual(0xa0);
    }
  });

  it('tells which gear act on a frame', () => {
    const gear = { shortAddress: 5, groups: [2, 7] };
    expect(addressMatches(shortAddress(5), gear)).toBe(true);
    expect(addressMatches(shortAddress(6), gear)).toBe(false);
    expect(addressMatches(groupAddress(7), gear)).toBe(true);
    expect(addressMatches(groupAddress(3), gear)).toBe(false);
    expect(addressMatches(BROADCAST, gear)).toBe(true);
    expect(addressMatches(BROADCAST_UNADDRESSED, gear)).toBe(false);
    expect(addressMatches(BROADCAST_UNADDRESSED, { shortAddress: undefined, groups: [] })).toBe(true);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import {
  BackwardFrame,
  BackwardFrameCollision,
  ForwardFrame,
  formatHex,
} from '@phare/device-drivers/dali/index.ts';

describe('DALI frames', () => {
  it('writes a 16-bit gear frame as its address byte then its data byte, formatted "0A 80" for logs', () => {
    const frame = ForwardFrame.gear(0x0a, 0x80);
    expect(Array.from(frame.toBytes())).toEqual([0x0a, 0x80]);
    expect(frame.toHex()).toBe('0A 80');
    expect(frame.value).toBe(0x0a80);
    expect(frame.addressByte).toBe(0x0a);
    expect(frame.dataByte).toBe(0x80);
  });

  it('reads a 24-bit control-device frame from three bytes', () => {
    const frame = ForwardFrame.fromBytes([0xfe, 0xfe, 0x30]);
    expect(frame.bits).toBe(24);
    expect(frame.value).toBe(0xfefe30);
    expect(frame.addressByte).toBe(0xfe);
    expect(frame.toHex()).toBe('FE FE 30');
    expect(frame.equals(ForwardFrame.device(0xfe, 0xfe, 0x30))).toBe(true);
  });

  it('treats 0xFF as the YES backward frame', () => {
    expect(new BackwardFrame(0xff).isYes).toBe(true);
    expect(new BackwardFrame(0x7f).isYes).toBe(false);
    expect(BackwardFrame.fromBytes([0xa0]).toHex()).toBe('A0');
    expect(new BackwardFrameCollision().collision).toBe(true);
  });

  it('refuses frames of the wrong length or with values that do not fit', () => {
    expect(() => ForwardFrame.fromBytes([1])).toThrow(OutOfRange);
    expect(() => ForwardFrame.fromBytes([1, 2, 3, 4])).toThrow(OutOfRange);
    expect(() => ForwardFrame.fromBytes([1, 256])).toThrow(OutOfRange);
    expect(() => new ForwardFrame(16, 0x10000)).toThrow(OutOfRange);
    expect(() => BackwardFrame.fromBytes([1, 2])).toThrow(OutOfRange);
    expect(() => new BackwardFrame(-1)).toThrow(OutOfRange);
  });

  it('round-trips every 16- and 24-bit forward frame and every backward frame through bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (value) => {
        const frame = new ForwardFrame(16, value);
        expect(ForwardFrame.fromBytes(frame.toBytes()).equals(frame)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (value) => {
        const frame = new ForwardFrame(24, value);
        expect(ForwardFrame.fromBytes(frame.toBytes()).value).toBe(value);
        expect(frame.toHex()).toBe(formatHex(frame.toBytes()));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xff }), (value) => {
        expect(BackwardFrame.fromBytes(new BackwardFrame(value).toBytes()).value).toBe(value);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import {
  BACKWARD_FRAME_MS,
  BIT_TIME_MS,
  commandFrameTimeMs,
  FORWARD_FRAME_16_DALI1_MS,
  FORWARD_FRAME_16_MS,
  FORWARD_FRAME_24_MS,
  queryFrameTimeMs,
  SETTLING_MS,
  settlingTimeMs,
  type SettlingPriority,
} from '@phare/device-drivers/dali/index.ts';

describe('DALI bus timing (protocols.md §1.1–1.2)', () => {
  it('derives the DALI-1 16-bit frame from 19 bit-times at 1200 bit/s', () => {
    expect(BIT_TIME_MS).toBeCloseTo(0.8333, 4);
    expect(FORWARD_FRAME_16_DALI1_MS).toBeCloseTo(15.8, 1);
    expect(FORWARD_FRAME_16_MS).toBeGreaterThan(FORWARD_FRAME_16_DALI1_MS);
    expect(FORWARD_FRAME_24_MS).toBeGreaterThan(FORWARD_FRAME_16_MS);
    expect(BACKWARD_FRAME_MS).toBeCloseTo(9.17, 2);
  });

  it('orders the settling priorities: a lower number always wins the bus', () => {
    const priorities: SettlingPriority[] = [1, 2, 3, 4, 5];
    for (const p of priorities.slice(1)) {
      const previous = SETTLING_MS[(p - 1) as SettlingPriority];
      expect(SETTLING_MS[p].min).toBeGreaterThan(previous.max);
    }
    expect(settlingTimeMs(undefined, 'min')).toBe(13.5);
    expect(settlingTimeMs(undefined, 'max')).toBe(21.2);
    expect(() => settlingTimeMs(6 as SettlingPriority)).toThrow(OutOfRange);
  });

  it('gives ≈ 29–37 ms per command without answer (about 27–34 commands/s)', () => {
    const min = commandFrameTimeMs({ bound: 'min' });
    const max = commandFrameTimeMs({ bound: 'max' });
    expect(min).toBeGreaterThanOrEqual(29);
    expect(min).toBeLessThan(30);
    expect(max).toBeGreaterThan(37);
    expect(max).toBeLessThan(38);
    expect(commandFrameTimeMs()).toBeCloseTo((min + max) / 2, 6);
  });

  it('gives ≈ 44–57 ms per answered query and ≈ 40 ms for one left unanswered', () => {
    expect(queryFrameTimeMs(true, { bound: 'min' })).toBeCloseTo(44.4, 1);
    expect(queryFrameTimeMs(true, { bound: 'max' })).toBeCloseTo(57.1, 1);
    expect(queryFrameTimeMs(false, { bound: 'min' })).toBeCloseTo(40.2, 1);
  });

  it('takes about 15 send-twice commands per second, and longer 24-bit frames for control devices', () => {
    const perSecond = 1000 / commandFrameTimeMs({ sendTwice: true });
    expect(perSecond).toBeGreaterThan(14);
    expect(perSecond).toBeLessThan(17);
    expect(commandFrameTimeMs({ frameBits: 24 }) - commandFrameTimeMs()).toBeCloseTo(7, 6);
    expect(commandFrameTimeMs({ priority: 1, bound: 'min' })).toBeCloseTo(16.2 + 13.5, 6);
  });
});

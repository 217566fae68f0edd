import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import {
  addToGroup,
  BROADCAST,
  decodeForwardFrame,
  describeSequence,
  groupAddress,
  removeFromGroup,
  removeFromScene,
  sequenceFrames,
  setFadeRate,
  setFadeTime,
  setMaxLevel,
  setMinLevel,
  setPowerOnLevel,
  setShortAddress,
  setSystemFailureLevel,
  shortAddress,
  storeScene,
  type SequenceStep,
} from '@phare/device-drivers/dali/index.ts';

const wire = (steps: SequenceStep[]) => sequenceFrames(steps).map((frame) => frame.toHex());

describe('DALI DTR-based configuration sequences (protocols.md §1.5)', () => {
  it('sets the fade time of short address 5 to X=4 as A3 04, then 0B 2E twice', () => {
    const steps = setFadeTime(shortAddress(5), 4);
    expect(steps.map((s) => [s.frame.toHex(), s.sendTwice])).toEqual([
      ['A3 04', false],
      ['0B 2E', true],
    ]);
    expect(wire(steps)).toEqual(['A3 04', '0B 2E', '0B 2E']);
    expect(describeSequence(steps)).toBe('A3 04 DTR0 4; 0B 2E SET FADE TIME → short 5 (×2)');
  });

  it('stores level 200 in scene 3 for group 1 as A3 C8, then 83 43 twice', () => {
    expect(wire(storeScene(groupAddress(1), 3, 200))).toEqual(['A3 C8', '83 43', '83 43']);
  });

  it('adds short address 5 to group 2 as 0B 62 twice, with no DTR', () => {
    expect(wire(addToGroup(shortAddress(5), 2))).toEqual(['0B 62', '0B 62']);
    expect(wire(removeFromGroup(shortAddress(5), 2))).toEqual(['0B 72', '0B 72']);
    expect(wire(removeFromScene(BROADCAST, 15))).toEqual(['FF 5F', 'FF 5F']);
  });

  it('re-sends DTR0 before every DTR command, so commands never rely on a DTR0 set earlier', () => {
    const steps = [
      ...setMaxLevel(shortAddress(1), 254),
      ...setMinLevel(shortAddress(1), 85),
      ...setPowerOnLevel(shortAddress(1), 255),
      ...setSystemFailureLevel(shortAddress(1), 200),
      ...setFadeRate(shortAddress(1), 7),
      ...setShortAddress(shortAddress(1), 9),
    ];
    const decoded = steps.map((step) => decodeForwardFrame(step.frame));
    for (const [i, step] of decoded.entries()) {
      if (step.usesDtr0) expect(decoded[i - 1]?.name, step.name).toBe('DTR0');
    }
    expect(decoded.filter((d) => d.usesDtr0).map((d) => d.name)).toEqual([
      'SET MAX LEVEL',
      'SET MIN LEVEL',
      'SET POWER ON LEVEL',
      'SET SYSTEM FAILURE LEVEL',
      'SET FADE RATE',
      'SET SHORT ADDRESS',
    ]);
    expect(decoded.filter((d) => d.name === 'DTR0').map((d) => d.param)).toEqual([254, 85, 255, 200, 7, 19]);
    expect(steps.filter((s) => s.sendTwice)).toHaveLength(6);
  });

  it('deletes a short address with DTR0 = 0xFF', () => {
    expect(wire(setShortAddress(shortAddress(4), undefined))).toEqual(['A3 FF', '09 80', '09 80']);
  });

  it('refuses codes and levels outside their range before building any frame', () => {
    expect(() => setFadeTime(shortAddress(5), 16)).toThrow(OutOfRange);
    expect(() => setFadeRate(shortAddress(5), 0)).toThrow(OutOfRange);
    expect(() => storeScene(shortAddress(5), 16, 100)).toThrow(OutOfRange);
    expect(() => storeScene(shortAddress(5), 1, 256)).toThrow(OutOfRange);
    expect(() => addToGroup(shortAddress(5), 16)).toThrow(OutOfRange);
    expect(() => setMaxLevel(shortAddress(5), 255)).toThrow(OutOfRange);
    expect(() => setShortAddress(shortAddress(5), 64)).toThrow(OutOfRange);
  });
});

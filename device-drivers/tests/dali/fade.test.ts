import { describe, expect, it } from 'vitest';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import {
  BROADCAST,
  command,
  dapc,
  decodeForwardFrame,
  fadeRateStepsPerSecond,
  fadeTimeCodeFor,
  fadeTimeSeconds,
  levelTransitionOf,
  special,
  upDownSteps,
  type GearCommandName,
} from '@phare/device-drivers/dali/index.ts';

describe('DALI fades (protocols.md §1.4)', () => {
  it('computes fade time T(X) = 0.5·√(2^X) s: X=1 → 0.71 s, X=15 → 90.5 s, X=0 → no fade', () => {
    expect(fadeTimeSeconds(1)).toBeCloseTo(0.71, 2);
    expect(fadeTimeSeconds(4)).toBeCloseTo(2.0, 6);
    expect(fadeTimeSeconds(15)).toBeCloseTo(90.5, 1);
    expect(fadeTimeSeconds(0)).toBe(0);
  });

  it('computes fade rate F(X) = 506/√(2^X) steps/s: 357.8 … 2.8', () => {
    expect(fadeRateStepsPerSecond(1)).toBeCloseTo(357.8, 1);
    expect(fadeRateStepsPerSecond(15)).toBeCloseTo(2.8, 1);
    expect(upDownSteps(7)).toBeCloseTo((506 / Math.sqrt(128)) * 0.2, 6);
  });

  it('finds the fade time code closest to a duration', () => {
    expect(fadeTimeCodeFor(0)).toBe(0);
    expect(fadeTimeCodeFor(2)).toBe(4);
    expect(fadeTimeCodeFor(1000)).toBe(15);
    for (let x = 0; x <= 15; x++) expect(fadeTimeCodeFor(fadeTimeSeconds(x))).toBe(x);
  });

  it('refuses codes outside the standard', () => {
    expect(() => fadeTimeSeconds(16)).toThrow(OutOfRange);
    expect(() => fadeRateStepsPerSecond(0)).toThrow(OutOfRange);
    expect(() => fadeTimeCodeFor(-1)).toThrow(OutOfRange);
  });

  it('jumps on RECALL MAX/MIN and OFF, fades on DAPC and GO TO SCENE, moves at the rate on UP/DOWN', () => {
    const of = (name: GearCommandName) => levelTransitionOf(decodeForwardFrame(command(BROADCAST, name)));
    expect(of('RECALL MAX LEVEL')).toBe('immediate');
    expect(of('RECALL MIN LEVEL')).toBe('immediate');
    expect(of('OFF')).toBe('immediate');
    expect(levelTransitionOf(decodeForwardFrame(dapc(BROADCAST, 100)))).toBe('fadeTime');
    expect(levelTransitionOf(decodeForwardFrame(command(BROADCAST, 'GO TO SCENE', 4)))).toBe('fadeTime');
    expect(of('UP')).toBe('fadeRate');
    expect(of('DOWN')).toBe('fadeRate');
    expect(of('QUERY STATUS')).toBeUndefined();
    expect(levelTransitionOf(decodeForwardFrame(special('DTR0', 0)))).toBeUndefined();
  });
});

/**
 * The vigilance evaluator on synthetic sequences: levels are entered at their threshold and left
 * only below threshold − hysteresis, so a level hovering at a threshold does not flap.
 */
import { describe, expect, it } from 'vitest';
import { levelOf, nextLevel, type VigilanceThresholds } from '../../src/vigilance/evaluator.ts';
import type { VigilanceLevel } from '../../src/vigilance/levels.ts';

const thresholds: VigilanceThresholds = { yellow: 0.8, orange: 1.3, red: 1.8 };
const hysteresis = 0.1;

/** Every level the evaluator goes through for a sequence, and the changes only. */
function walk(values: number[]): { levels: VigilanceLevel[]; changes: VigilanceLevel[] } {
  let level: VigilanceLevel | null = null;
  const levels: VigilanceLevel[] = [];
  const changes: VigilanceLevel[] = [];
  for (const value of values) {
    const next = nextLevel(level, value, thresholds, hysteresis);
    if (next !== level) changes.push(next);
    level = next;
    levels.push(next);
  }
  return { levels, changes };
}

describe('flood vigilance evaluator', () => {
  it('starts at the level the first value reaches, without history', () => {
    expect([0.2, 0.8, 1.29, 1.3, 2.5].map((v) => levelOf(v, thresholds))).toEqual([0, 1, 1, 2, 3]);
    expect(nextLevel(null, 1.5, thresholds, hysteresis)).toBe(2);
  });

  it('does not flap while the level oscillates around a threshold within the hysteresis', () => {
    const noisy = [0.5, 0.79, 0.81, 0.75, 0.82, 0.72, 0.8, 0.71, 0.85, 0.7];
    expect(walk(noisy).changes).toEqual([0, 1]);
  });

  it('goes down a level only below threshold − hysteresis', () => {
    expect(walk([1.35, 1.25, 1.21, 1.2, 1.19]).levels).toEqual([2, 2, 2, 2, 1]);
    expect(walk([0.9, 0.71, 0.7, 0.69]).levels).toEqual([1, 1, 1, 0]);
  });

  it('walks a flood hydrograph up through every level and back with one change each', () => {
    const rise = Array.from({ length: 30 }, (_, i) => 0.4 + i * 0.08);
    const fall = [...rise].reverse();
    expect(walk([...rise, ...fall]).changes).toEqual([0, 1, 2, 3, 2, 1, 0]);
  });

  it('skips levels on a sudden surge and on a sudden drop', () => {
    expect(walk([0.3, 2.0, 0.3]).changes).toEqual([0, 3, 0]);
    // Falling from red to 1.25: below red − h and below orange − h is false (1.25 ≥ 1.2): orange.
    expect(walk([2.0, 1.25]).levels).toEqual([3, 2]);
  });
});

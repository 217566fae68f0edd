import { describe, expect, it } from 'vitest';
import { frameBatcher } from '../src/lib/frame-batcher.ts';

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('frame batcher of live point changes', () => {
  it('applies every batch held since the last frame at once, in arrival order', async () => {
    const applied: number[][] = [];
    const batcher = frameBatcher<number>((batches) => applied.push(batches), { fallbackMs: 20 });
    batcher.push(1);
    batcher.push(2);
    batcher.push(3);
    expect(applied).toEqual([]);
    await settle(200);
    expect(applied).toEqual([[1, 2, 3]]);
    batcher.close();
  });

  it('applies what it holds at once when flushed (before a snapshot) and not again later', async () => {
    const applied: number[][] = [];
    const batcher = frameBatcher<number>((batches) => applied.push(batches), { fallbackMs: 20 });
    batcher.push(1);
    batcher.flush();
    expect(applied).toEqual([[1]]);
    await settle(200);
    expect(applied).toEqual([[1]]);
    batcher.close();
  });

  it('does not hold more than its bound when frames stop (a hidden tab)', () => {
    const applied: number[][] = [];
    const batcher = frameBatcher<number>((batches) => applied.push(batches), {
      fallbackMs: 60_000,
      maxHeld: 3,
    });
    for (let i = 1; i <= 7; i++) batcher.push(i);
    expect(applied).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    batcher.close();
  });

  it('drops what it holds when closed', async () => {
    const applied: number[][] = [];
    const batcher = frameBatcher<number>((batches) => applied.push(batches), { fallbackMs: 20 });
    batcher.push(1);
    batcher.close();
    await settle(200);
    expect(applied).toEqual([]);
  });
});

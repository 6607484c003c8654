import { describe, expect, it } from 'vitest';
import { interleaveOrder } from '../../bench/harness/schedule.js';

describe('interleaveOrder', () => {
  it('runs every case once per round', () => {
    const order = interleaveOrder(3, 5);
    expect(order).toHaveLength(5);
    for (const round of order) expect([...round].sort()).toEqual([0, 1, 2]);
  });

  it('alternates a contender and its baseline: A B, B A, A B', () => {
    expect(interleaveOrder(2, 3)).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
  });

  it('rotates the first case so each case starts equally often', () => {
    const order = interleaveOrder(3, 6);
    expect(order.map((round) => round[0])).toEqual([0, 1, 2, 0, 1, 2]);
    expect(order[1]).toEqual([1, 2, 0]);
  });

  it('rejects a schedule with no cases', () => {
    expect(() => interleaveOrder(0, 3)).toThrow(RangeError);
    expect(() => interleaveOrder(2, -1)).toThrow(RangeError);
  });
});

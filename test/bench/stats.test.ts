import { describe, expect, it } from 'vitest';
import { median, medianRatio, percentile, roundRatios } from '../../bench/harness/stats.js';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([9, 2, 7, 4, 100])).toBe(7);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('percentile', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('interpolates between the closest ranks', () => {
    // rank = 0.99 * 99 = 98.01 → 99 + 0.01 * (100 - 99)
    expect(percentile(oneToHundred, 99)).toBeCloseTo(99.01, 10);
    expect(percentile(oneToHundred, 50)).toBe(50.5);
    expect(percentile([10, 20], 25)).toBe(12.5);
  });

  it('returns the extremes at 0 and 100', () => {
    expect(percentile([7, 3, 9], 0)).toBe(3);
    expect(percentile([7, 3, 9], 100)).toBe(9);
  });

  it('sees a single slow outlier at p99 but not at p50', () => {
    const samples = [...Array.from({ length: 99 }, () => 1), 1000];
    expect(percentile(samples, 50)).toBe(1);
    expect(percentile(samples, 99)).toBeCloseTo(1 + 0.01 * 999, 10);
  });

  it('rejects out-of-range percentiles', () => {
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('round ratios', () => {
  it('divides only numbers from the same round', () => {
    expect(roundRatios([200, 400, 90], [100, 100, 30])).toEqual([2, 4, 3]);
  });

  it('reports the median of per-round ratios, not the ratio of medians', () => {
    // Per-round ratios 2, 2, 0.5: the median is 2, while median/median would be 200/300.
    const contender = [200, 800, 150];
    const baseline = [100, 400, 300];
    expect(medianRatio(contender, baseline)).toBe(2);
    expect(median(contender) / median(baseline)).toBeCloseTo(2 / 3, 10);
  });

  it('refuses lists of different lengths', () => {
    expect(() => roundRatios([1, 2], [1])).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { createRateSampler } from '../../../cli/host/rate-sampler.js';

describe('createRateSampler', () => {
  it('reports 0 on the first reading, then the change per second', () => {
    const sampler = createRateSampler(500);
    expect(sampler.sample({ a: 10 }, 1_000)).toEqual({ a: 0 });
    expect(sampler.sample({ a: 30 }, 3_000)).toEqual({ a: 10 });
  });

  it('keeps the last rates for readings closer than the minimum interval', () => {
    const sampler = createRateSampler(500);
    sampler.sample({ a: 0 }, 0);
    expect(sampler.sample({ a: 100 }, 1_000)).toEqual({ a: 100 });
    expect(sampler.sample({ a: 101 }, 1_010)).toEqual({ a: 100 });
    expect(sampler.sample({ a: 300, b: 5 }, 2_000)).toEqual({ a: 200, b: 0 });
  });

  it('treats a counter that went down as reset, never a negative rate', () => {
    const sampler = createRateSampler(0);
    sampler.sample({ a: 50 }, 0);
    expect(sampler.sample({ a: 5 }, 1_000)).toEqual({ a: 0 });
  });
});

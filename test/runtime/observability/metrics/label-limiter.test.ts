import { describe, expect, it } from 'vitest';
import { LabelLimiter } from '../../../../runtime/observability/metrics/label-limiter.js';

describe('LabelLimiter', () => {
  it('keeps the first N distinct values and folds later ones into other', () => {
    const limiter = new LabelLimiter(2);
    expect(['a', 'b', 'a', 'c', 'b', 'd'].map((v) => limiter.value(v))).toEqual(['a', 'b', 'a', 'other', 'b', 'other']);
    expect(limiter.size).toBe(2);
    expect(limiter.has('c')).toBe(false);
  });

  it('defaults to 100 values and allows another fold name', () => {
    const limiter = new LabelLimiter(undefined, '_other');
    for (let i = 0; i < 100; i++) expect(limiter.value(`t${i}`)).toBe(`t${i}`);
    expect(limiter.value('t100')).toBe('_other');
  });

  it('folds everything with a limit of zero, and refuses a negative limit', () => {
    expect(new LabelLimiter(0).value('x')).toBe('other');
    expect(() => new LabelLimiter(-1)).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });
});

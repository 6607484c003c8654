import { afterEach, describe, expect, it } from 'vitest';
import { checkSize, configureCodecLimits, getCodecLimits } from '../../../runtime/codec/limits.js';
import { thrownBy } from './assertions.js';

describe('codec limits', () => {
  afterEach(() => configureCodecLimits({ maxBytes: 16 * 1024 * 1024 }));

  it('defaults to 16 MiB', () => {
    expect(getCodecLimits().maxBytes).toBe(16 * 1024 * 1024);
    expect(() => checkSize(16 * 1024 * 1024, undefined, 'x')).not.toThrow();
    expect(thrownBy(() => checkSize(16 * 1024 * 1024 + 1, undefined, 'x')).code).toBe('SERIALIZATION_TOO_LARGE');
  });

  it('lets a call override the module-level default in both directions', () => {
    configureCodecLimits({ maxBytes: 100 });
    expect(thrownBy(() => checkSize(101, undefined, 'frame')).details).toEqual({ size: 101, maxBytes: 100 });
    expect(() => checkSize(101, { maxBytes: 1000 }, 'frame')).not.toThrow();
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxBytes %s', (maxBytes) => {
    expect(thrownBy(() => configureCodecLimits({ maxBytes })).code).toBe('VALIDATION_BAD_ARGUMENT');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUntyped, encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { thrownBy, succeedsOrFailsCoded } from './assertions.js';
import { normalizeNumbers, randomInputs } from './fixtures.js';

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.boolean(),
    fc.constant(null),
    fc.double(),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    fc.string(),
    fc.uint8Array({ maxLength: 16 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.string({ maxLength: 6 }).filter((key) => key !== '__proto__'),
      tie('value'),
      { maxKeys: 4, noNullPrototype: true },
    ),
  ),
})).value;

describe('untyped codec', () => {
  it('round-trips schema-less values, bigint-safe', () => {
    fc.assert(
      fc.property(jsonish, (value) => {
        expect(decodeUntyped(encodeUntyped(value))).toEqual(normalizeNumbers(value));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('writes plain msgpack maps (no msgpackr records), readable by any msgpack implementation', () => {
    expect(encodeUntyped({ a: 1 })).toEqual(new Uint8Array([0x81, 0xa1, 0x61, 0x01]));
  });

  it('refuses integers beyond 64 bits', () => {
    expect(thrownBy(() => encodeUntyped(2n ** 64n)).code).toBe('SERIALIZATION_ENCODE_FAILED');
  });

  it('rejects broken input with coded errors only, and honours the size limit', () => {
    expect(thrownBy(() => decodeUntyped(new Uint8Array([0x92, 0x01]))).code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(thrownBy(() => decodeUntyped(encodeUntyped('x'.repeat(100)), { maxBytes: 50 })).code).toBe('SERIALIZATION_TOO_LARGE');
    for (const input of randomInputs(5, 2000, 48)) succeedsOrFailsCoded(() => decodeUntyped(input));
  });
});

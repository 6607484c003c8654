import { describe, expect, it } from 'vitest';
import { Value } from '../../../runtime/container/value.js';
import { thrownBy } from '../codec/assertions.js';

describe('Value factories', () => {
  it.each([
    ['int8', () => Value.int8(128)],
    ['int8', () => Value.int8(-129)],
    ['int16', () => Value.int16(32768)],
    ['int32', () => Value.int32(2 ** 31)],
    ['int32', () => Value.int32(1.5)],
    ['uint8', () => Value.uint8(-1)],
    ['uint16', () => Value.uint16(65536)],
    ['uint32', () => Value.uint32(-1)],
    ['uint32', () => Value.uint32(2 ** 32)],
    ['int64', () => Value.int64(2n ** 63n)],
    ['int64', () => Value.int64(2 ** 60)],
    ['uint64', () => Value.uint64(-1n)],
    ['uint64', () => Value.uint64(2n ** 64n)],
    ['float', () => Value.float(1e39)],
    ['bool', () => Value.bool(1 as unknown as boolean)],
    ['string', () => Value.string(5 as unknown as string)],
    ['bytes', () => Value.bytes([1, 2] as unknown as Uint8Array)],
  ])('%s rejects an out-of-range or mistyped value with VALIDATION_BAD_ARGUMENT naming the kind', (kind, make) => {
    const error = thrownBy(make);
    expect(error.code).toBe('VALIDATION_BAD_ARGUMENT');
    expect(error.message).toContain(kind);
  });

  it('stores floats rounded to 32 bits and keeps doubles exact', () => {
    expect(Value.float(0.1).value).toBe(Math.fround(0.1));
    expect(Value.float(0.1).value).not.toBe(0.1);
    expect(Value.double(0.1).value).toBe(0.1);
    expect(Value.float(3.4028235e38).value).toBe(Math.fround(3.4028235e38)); // rounds to float32 max, not Infinity
  });

  it('accepts NaN and the infinities for float and double', () => {
    expect(Value.float(Number.NaN).value).toBeNaN();
    expect(Value.double(-Infinity).value).toBe(-Infinity);
  });

  it('accepts safe-integer numbers for 64-bit kinds and stores a bigint', () => {
    expect(Value.int64(-5)).toEqual({ kind: 'int64', value: -5n });
    expect(Value.uint64(Number.MAX_SAFE_INTEGER).value).toBe(2n ** 53n - 1n);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64ToBytesPortable, bytesToBase64, bytesToBase64Portable, isBase64 } from '../../../runtime/codec/base64.js';

describe('base64', () => {
  it('Node and portable implementations agree with each other and round-trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(bytesToBase64Portable(bytes)).toBe(text);
        expect(base64ToBytes(text)).toEqual(bytes);
        expect(base64ToBytesPortable(text)).toEqual(bytes);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('encodes a subarray view, not its whole buffer', () => {
    const view = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    expect(bytesToBase64(view)).toBe('AQID');
  });

  it.each(['A', 'AB=', 'ABC', 'AB C', 'AQ==AQ==', 'AQ=', '-_8=', 'AQ\n=='])('rejects %j (not strict standard base64)', (text) => {
    expect(isBase64(text)).toBe(false);
    expect(base64ToBytes(text)).toBeUndefined();
  });

  it('returns bytes that own their memory (not a view into a shared pool)', () => {
    const bytes = base64ToBytes('AQID')!;
    expect(bytes.constructor).toBe(Uint8Array);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(3);
  });
});

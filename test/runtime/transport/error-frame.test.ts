import { describe, expect, it } from 'vitest';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { decodeErrorFrame, encodeErrorFrame } from '../../../runtime/transport/error-frame.js';
import { FRAME_ERROR } from '../../../runtime/transport/frame-kinds.js';
import { randomBytes, seededRandom } from './random.js';

describe('ERROR frames', () => {
  it('round-trip code, message, details, retryable and fatal', () => {
    const frame = encodeErrorFrame(new TypewireError('TRANSPORT_BUFFER_FULL', 'full', { details: { reason: 'slow-consumer', n: 3 } }), true);
    expect(frame[0]).toBe(FRAME_ERROR);
    const { error, fatal } = decodeErrorFrame(frame.subarray(1));
    expect([error.code, error.message, error.details, error.retryable, fatal]).toEqual(['TRANSPORT_BUFFER_FULL', 'full', { reason: 'slow-consumer', n: 3 }, true, true]);
  });

  it('still encodes when the details cannot be', () => {
    const frame = encodeErrorFrame(new TypewireError('INTERNAL_UNEXPECTED', 'x', { details: { f: () => 1, big: 2n ** 80n } }), false);
    expect(decodeErrorFrame(frame.subarray(1)).error.details).toBeUndefined();
  });

  it('refuses bodies without the required fields', () => {
    for (const body of [[1], { code: 'X', message: 'm', retryable: true }, { code: 'X', message: 'm', retryable: 'no', fatal: false }, 'text']) {
      expect(() => decodeErrorFrame(encodeUntyped(body))).toThrow(/malformed ERROR frame/);
    }
  });

  it('survives 100,000 random and mutated bodies with only coded errors', () => {
    const random = seededRandom(31);
    const valid = encodeErrorFrame(new TypewireError('TRANSPORT_PROTOCOL', 'message', { details: { a: [1, 'b'] } }), false).subarray(1);
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      let input: Uint8Array;
      if (i % 2 === 0) input = randomBytes(random, (random() * 40) | 0);
      else {
        input = valid.slice();
        input[(random() * input.length) | 0] = (random() * 256) | 0;
      }
      try {
        decodeErrorFrame(input);
        accepted++;
      } catch (error) {
        if (!(error instanceof TypewireError) || error.code.startsWith('INTERNAL')) throw error;
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

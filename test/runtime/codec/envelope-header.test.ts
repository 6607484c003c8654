import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeEnvelopeAt, encodeEnvelope } from '../../../runtime/codec/envelope-frame.js';
import { OPTIONAL } from '../../../runtime/codec/envelope-header.js';
import type { Envelope } from '../../../runtime/envelope.js';
import { thrownBy } from './assertions.js';

const base: Envelope<unknown> = { id: 'id-1', type: 'orders.placeOrder', timestamp: 1_700_000_000_000, payload: undefined };
const payload = new Uint8Array([7, 8]);
const SAMPLE: Record<string, string | number | Record<string, string>> = { headers: { k: 'v' }, priority: 3, expiresAt: 5 };

describe('envelope header layout', () => {
  it.each(OPTIONAL.map(([field], bit) => [field, bit] as const))('writes %s under mask bit %i, as OPTIONAL lists it', (field, bit) => {
    const frame = encodeEnvelope({ ...base, [field]: SAMPLE[field] ?? `${field}-value` }, payload, 'msgpack');
    expect(frame[6]).toBe(1 << bit);
    expect(decodeEnvelope(frame).envelope[field]).toEqual(SAMPLE[field] ?? `${field}-value`);
  });
});

describe('envelope header strings', () => {
  it('decodes repeated and alternating values of the cached fields exactly, including ones that share a cache slot', () => {
    // Same length and last two characters: the same slot of the recent-strings cache.
    const subjects = ['a.x.yz', 'b.x.yz', 'c.x.yz', 'é.x.yz'];
    for (let round = 0; round < 3; round++) {
      for (const [i, type] of subjects.entries()) {
        const envelope = { ...base, type, source: `src-${i}`, replyTo: `_INBOX.${i}z`, headers: { [`k${i}`]: `v${i}` } };
        const decoded = decodeEnvelope(encodeEnvelope(envelope, payload, 'msgpack')).envelope;
        expect(decoded).toEqual({ ...envelope, payload });
      }
    }
  });

  it('decodes long and non-ASCII strings in every field', () => {
    const long = 'x'.repeat(200);
    const envelope = { ...base, id: `${long}-ü`, type: `${long}.é`, source: '源', correlationId: long, replyTo: `_INBOX.ß`, traceparent: long };
    expect(decodeEnvelope(encodeEnvelope(envelope, payload, 'msgpack')).envelope).toEqual({ ...envelope, payload });
  });
});

describe('decodeEnvelopeAt', () => {
  it('reads a frame behind leading bytes as decodeEnvelope reads it alone', () => {
    const frame = encodeEnvelope({ ...base, source: 's', replyTo: '_INBOX.1' }, payload, 'json');
    const behind = new Uint8Array(frame.length + 3);
    behind.set(frame, 3);
    const at = decodeEnvelopeAt(behind, 3);
    expect(at).toEqual(decodeEnvelope(frame));
    expect(at.envelope.payload.constructor).toBe(Uint8Array);
  });

  it('reports sizes of the frame, not of the bytes before it', () => {
    const behind = new Uint8Array([9, 9, 9, 2, 1]);
    expect(thrownBy(() => decodeEnvelopeAt(behind, 3)).message).toContain('2 bytes is shorter than the 6-byte prefix');
    const big = new Uint8Array(20);
    const error = thrownBy(() => decodeEnvelopeAt(big, 5, { maxBytes: 10 }));
    expect([error.code, error.details]).toEqual(['SERIALIZATION_TOO_LARGE', { size: 15, maxBytes: 10 }]);
  });
});

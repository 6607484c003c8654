import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODEC_IDS, type CodecName } from '../../../runtime/codec/codec.js';
import { decodeEnvelope, encodeEnvelope, FRAME_VERSION } from '../../../runtime/codec/envelope-frame.js';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import type { Envelope } from '../../../runtime/envelope.js';
import { thrownBy, succeedsOrFailsCoded } from './assertions.js';
import { mutations, randomInputs } from './fixtures.js';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const header = fc.record(
  {
    id: fc.string(),
    type: fc.string(),
    timestamp: finite,
    source: fc.string(),
    target: fc.string(),
    correlationId: fc.string(),
    replyTo: fc.string(),
    headers: fc.dictionary(fc.string().filter((key) => key !== '__proto__'), fc.string(), { maxKeys: 4, noNullPrototype: true }),
    traceparent: fc.string(),
    priority: fc.integer(),
    expiresAt: finite,
  },
  { requiredKeys: ['id', 'type', 'timestamp'], noNullPrototype: true },
);

const base: Envelope<unknown> = { id: 'id-1', type: 'orders.placeOrder', timestamp: 1_700_000_000_000, payload: undefined };
const payload = new Uint8Array([1, 2, 3]);

/** A frame whose header array is `fields`, built by hand to test what the encoder would never write. */
function frameWithHeader(fields: unknown): Uint8Array {
  const headerBytes = encodeUntyped(fields);
  const frame = new Uint8Array(6 + headerBytes.length);
  frame[0] = FRAME_VERSION;
  frame[1] = CODEC_IDS.msgpack;
  new DataView(frame.buffer).setUint32(2, headerBytes.length);
  frame.set(headerBytes, 6);
  return frame;
}

describe('envelope frame: round trip', () => {
  it('keeps every header field and the payload bytes, for any combination of optional fields', () => {
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 64 }), fc.constantFrom<CodecName>('msgpack', 'json'), (fields, bytes, codec) => {
        const decoded = decodeEnvelope(encodeEnvelope({ ...fields, payload: 'ignored' }, bytes, codec));
        expect(decoded.codec).toBe(codec);
        expect(decoded.envelope.payload.constructor).toBe(Uint8Array);
        expect(decoded.envelope).toEqual({ ...normalizeZero(fields), payload: bytes });
        expect(Object.keys(decoded.envelope).sort()).toEqual([...Object.keys(fields), 'payload'].sort());
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('lays out version, codec id, header length, header, payload', () => {
    const frame = encodeEnvelope(base, payload, 'json');
    expect(frame.constructor).toBe(Uint8Array);
    expect(frame[0]).toBe(1);
    expect(frame[1]).toBe(CODEC_IDS.json);
    const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(2);
    expect([...frame.subarray(6 + headerLength)]).toEqual([1, 2, 3]);
  });

  it('leaves absent trailing fields off the wire', () => {
    const minimal = encodeEnvelope(base, new Uint8Array(), 'msgpack');
    const withExpiry = encodeEnvelope({ ...base, expiresAt: 1 }, new Uint8Array(), 'msgpack');
    expect(minimal.length).toBeLessThan(withExpiry.length - 7); // seven nils plus the value
  });
});

/** msgpack writes -0 as the integer 0. */
function normalizeZero<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, Object.is(value, -0) ? 0 : value])) as T;
}

describe('envelope frame: rejection', () => {
  it.each([
    ['source', 42],
    ['headers', { a: 1 }],
    ['headers', ['x']],
    ['timestamp', Number.NaN],
    ['priority', '1'],
  ])('refuses to encode %s = %j, naming the field', (field, value) => {
    const error = thrownBy(() => encodeEnvelope({ ...base, [field]: value } as Envelope<unknown>, payload, 'msgpack'));
    expect(error.code).toBe('SERIALIZATION_ENCODE_FAILED');
    expect(error.message).toContain(`"${field}"`);
  });

  it.each([
    ['id', [7, 'type', 1]],
    ['type', ['id', null, 1]],
    ['timestamp', ['id', 'type', 'now']],
    ['source', ['id', 'type', 1, 5]],
    ['replyTo', ['id', 'type', 1, null, null, null, true]],
    ['headers', ['id', 'type', 1, null, null, null, null, { a: 1 }]],
    ['traceparent', ['id', 'type', 1, null, null, null, null, null, 3]],
    ['expiresAt', ['id', 'type', 1, null, null, null, null, null, null, null, 'soon']],
  ])('refuses a frame with a bad "%s", naming it', (field, fields) => {
    const error = thrownBy(() => decodeEnvelope(frameWithHeader(fields)));
    expect(error.code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(error.message).toContain(`"${field}"`);
  });

  it('refuses a header that is not an array of 3 to 11 fields', () => {
    for (const fields of [{ id: 'x' }, ['id', 'type'], new Array(12).fill('x')]) {
      expect(thrownBy(() => decodeEnvelope(frameWithHeader(fields))).code).toBe('SERIALIZATION_DECODE_FAILED');
    }
  });

  it('refuses an unknown version or codec id, a short prefix and a header running past the end', () => {
    const valid = encodeEnvelope(base, payload, 'msgpack');
    const withByte = (index: number, value: number): Uint8Array => {
      const copy = new Uint8Array(valid);
      copy[index] = value;
      return copy;
    };
    expect(thrownBy(() => decodeEnvelope(withByte(0, 2))).message).toContain('version');
    expect(thrownBy(() => decodeEnvelope(withByte(1, 9))).message).toContain('codec id 9');
    expect(thrownBy(() => decodeEnvelope(valid.subarray(0, 5))).code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(thrownBy(() => decodeEnvelope(withByte(2, 0x7f))).message).toContain('runs past the end');
  });

  it('refuses frames above the size limit', () => {
    const frame = encodeEnvelope(base, new Uint8Array(100), 'msgpack');
    expect(thrownBy(() => decodeEnvelope(frame, { maxBytes: 50 })).code).toBe('SERIALIZATION_TOO_LARGE');
  });

  it('throws only coded errors for random bytes and for mutations of a valid frame', () => {
    const valid = encodeEnvelope({ ...base, source: 'a', headers: { k: 'v' }, priority: 2 }, payload, 'msgpack');
    for (const input of randomInputs(21, 2000, 40)) succeedsOrFailsCoded(() => decodeEnvelope(input));
    for (const input of mutations(valid, 22, 2000)) succeedsOrFailsCoded(() => decodeEnvelope(input));
    // Random bytes with a valid prefix reach the header decoder too.
    for (const input of randomInputs(23, 2000, 40)) {
      const frame = new Uint8Array(6 + input.length);
      frame.set([FRAME_VERSION, CODEC_IDS.msgpack, 0, 0, 0, input.length]);
      frame.set(input, 6);
      succeedsOrFailsCoded(() => decodeEnvelope(frame));
    }
  });
});

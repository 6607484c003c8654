import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODEC_IDS, type CodecName } from '../../../runtime/codec/codec.js';
import { decodeEnvelope, encodeEnvelope, FRAME_VERSION } from '../../../runtime/codec/envelope-frame.js';
import type { Envelope } from '../../../runtime/envelope.js';
import { thrownBy, succeedsOrFailsCoded } from './assertions.js';
import { mutations, randomInputs } from './fixtures.js';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const headerFields = fc.record(
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

type Part = string | number | Uint8Array;

/** Header bytes by hand: strings as length + UTF-8, numbers as float64 BE, byte arrays as they are. */
function header(mask: number, ...parts: Part[]): Uint8Array {
  const chunks: number[] = [mask];
  for (const part of parts) {
    if (part instanceof Uint8Array) chunks.push(...part);
    else if (typeof part === 'number') {
      const eight = new Uint8Array(8);
      new DataView(eight.buffer).setFloat64(0, part);
      chunks.push(...eight);
    } else {
      const utf8 = new TextEncoder().encode(part);
      chunks.push(...varint(utf8.length), ...utf8);
    }
  }
  return new Uint8Array(chunks);
}

function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** A frame around `headerBytes`, built by hand to test what the encoder would never write. */
function frameWithHeader(headerBytes: Uint8Array, payloadBytes: Uint8Array = new Uint8Array()): Uint8Array {
  const frame = new Uint8Array(6 + headerBytes.length + payloadBytes.length);
  frame[0] = FRAME_VERSION;
  frame[1] = CODEC_IDS.msgpack;
  new DataView(frame.buffer).setUint32(2, headerBytes.length);
  frame.set(headerBytes, 6);
  frame.set(payloadBytes, 6 + headerBytes.length);
  return frame;
}

// Mask bits of the optional fields (envelope-header.ts OPTIONAL).
const SOURCE = 1;
const REPLY_TO = 8;
const HEADERS = 16;
const PRIORITY = 64;
const EXPIRES_AT = 128;

describe('envelope frame: round trip', () => {
  it('keeps every header field and the payload bytes, for any combination of optional fields', () => {
    fc.assert(
      fc.property(headerFields, fc.uint8Array({ maxLength: 64 }), fc.constantFrom<CodecName>('msgpack', 'json'), (fields, bytes, codec) => {
        const decoded = decodeEnvelope(encodeEnvelope({ ...fields, payload: 'ignored' }, bytes, codec));
        expect(decoded.codec).toBe(codec);
        expect(decoded.envelope.payload.constructor).toBe(Uint8Array);
        expect(decoded.envelope).toEqual({ ...fields, payload: bytes });
        expect(Object.keys(decoded.envelope).sort()).toEqual([...Object.keys(fields), 'payload'].sort());
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('lays out version, codec id, header length, header, payload', () => {
    const frame = encodeEnvelope(base, payload, 'json');
    expect(frame.constructor).toBe(Uint8Array);
    expect(frame[0]).toBe(2);
    expect(frame[1]).toBe(CODEC_IDS.json);
    const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(2);
    expect([...frame.subarray(6 + headerLength)]).toEqual([1, 2, 3]);
  });

  it('writes the documented binary header: mask, id, type, timestamp, then present optional fields', () => {
    const envelope = { ...base, source: 'svc', headers: { k: 'v' }, priority: 2, payload: undefined };
    const expected = header(SOURCE | HEADERS | PRIORITY, 'id-1', 'orders.placeOrder', base.timestamp, 'svc', new Uint8Array([1]), 'k', 'v', 2);
    expect([...encodeEnvelope(envelope, payload, 'msgpack')]).toEqual([...frameWithHeader(expected, payload)]);
  });

  it('round-trips non-ASCII strings, -0 and an empty header object', () => {
    const envelope = { ...base, id: 'ünï-€-😀', timestamp: -0, headers: { 'clé': 'välue', '': '' }, target: 'x'.repeat(300), payload: undefined };
    const decoded = decodeEnvelope(encodeEnvelope(envelope, payload, 'msgpack')).envelope;
    expect(decoded).toEqual({ ...envelope, payload });
    expect(Object.is(decoded.timestamp, -0)).toBe(true);
    expect(decodeEnvelope(encodeEnvelope({ ...base, headers: {} }, payload, 'msgpack')).envelope.headers).toEqual({});
  });

  it('decodes a "__proto__" header key as "__proto_", as the msgpack header did, without touching the prototype', () => {
    const frame = frameWithHeader(header(HEADERS, 'id', 'type', 1, new Uint8Array([2]), '__proto__', 'x', 'a', 'b'));
    const headers = decodeEnvelope(frame).envelope.headers!;
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers)).toEqual(['__proto_', 'a']);
    expect(headers['__proto_']).toBe('x');
  });

  it('leaves absent optional fields off the wire', () => {
    const minimal = encodeEnvelope(base, new Uint8Array(), 'msgpack');
    const withExpiry = encodeEnvelope({ ...base, expiresAt: 1 }, new Uint8Array(), 'msgpack');
    expect(withExpiry.length - minimal.length).toBe(8);
  });
});

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

  it.each<[string, Uint8Array]>([
    ['id', header(0, new Uint8Array([5, 0x61]))],
    ['id', header(0, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x7f]))],
    ['id', header(0, new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))],
    ['type', header(0, 'id', new Uint8Array([2, 0xc3, 0x28]))],
    ['timestamp', header(0, 'id', 'type', new Uint8Array([0, 0, 0]))],
    ['timestamp', header(0, 'id', 'type', Number.NaN)],
    ['source', header(SOURCE, 'id', 'type', 1)],
    ['replyTo', header(REPLY_TO, 'id', 'type', 1, new Uint8Array([9, 0x61]))],
    ['headers', header(HEADERS, 'id', 'type', 1, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]))],
    ['headers', header(HEADERS, 'id', 'type', 1, new Uint8Array([1]), 'k')],
    ['priority', header(PRIORITY, 'id', 'type', 1, Number.POSITIVE_INFINITY)],
    ['expiresAt', header(EXPIRES_AT, 'id', 'type', 1, new Uint8Array([1, 2]))],
  ])('refuses a frame with a bad or truncated "%s", naming it', (field, headerBytes) => {
    const error = thrownBy(() => decodeEnvelope(frameWithHeader(headerBytes)));
    expect(error.code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(error.message).toContain(`"${field}"`);
  });

  it('refuses an empty header and bytes left over after the last field', () => {
    for (const headerBytes of [new Uint8Array(), header(0, 'id', 'type', 1, new Uint8Array([0]))]) {
      expect(thrownBy(() => decodeEnvelope(frameWithHeader(headerBytes))).code).toBe('SERIALIZATION_DECODE_FAILED');
    }
  });

  it('refuses an unknown version or codec id, a short prefix and a header running past the end', () => {
    const valid = encodeEnvelope(base, payload, 'msgpack');
    const withByte = (index: number, value: number): Uint8Array => {
      const copy = new Uint8Array(valid);
      copy[index] = value;
      return copy;
    };
    expect(thrownBy(() => decodeEnvelope(withByte(0, 1))).message).toContain('version'); // the msgpack-header layout
    expect(thrownBy(() => decodeEnvelope(withByte(0, 3))).message).toContain('version');
    expect(thrownBy(() => decodeEnvelope(withByte(1, 9))).message).toContain('codec id 9');
    expect(thrownBy(() => decodeEnvelope(valid.subarray(0, 5))).code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(thrownBy(() => decodeEnvelope(withByte(2, 0x7f))).message).toContain('runs past the end');
  });

  it('refuses frames above the size limit', () => {
    const frame = encodeEnvelope(base, new Uint8Array(100), 'msgpack');
    expect(thrownBy(() => decodeEnvelope(frame, { maxBytes: 50 })).code).toBe('SERIALIZATION_TOO_LARGE');
  });

  it('throws only coded errors for random bytes and for mutations of a valid frame', () => {
    const valid = encodeEnvelope({ ...base, source: 'a', headers: { k: 'v' }, priority: 2, expiresAt: 5 }, payload, 'msgpack');
    for (const input of randomInputs(21, 2000, 40)) succeedsOrFailsCoded(() => decodeEnvelope(input));
    for (const input of mutations(valid, 22, 2000)) succeedsOrFailsCoded(() => decodeEnvelope(input));
    // Random bytes with a valid prefix reach the header decoder too.
    for (const input of randomInputs(23, 2000, 40)) {
      const frame = new Uint8Array(6 + input.length);
      frame.set([FRAME_VERSION, CODEC_IDS.msgpack, 0, 0, 0, input.length]);
      frame.set(input, 6);
      succeedsOrFailsCoded(() => decodeEnvelope(frame));
    }
    // A valid id/type/timestamp followed by random optional-field bytes under every mask.
    for (const input of randomInputs(24, 2000, 30)) {
      const headerBytes = header(input[0] ?? 0, 'id', 'type', 1, input.subarray(1));
      succeedsOrFailsCoded(() => decodeEnvelope(frameWithHeader(headerBytes)));
    }
  });

  it('decodes whatever it accepts into an envelope of the right field types', () => {
    const types: Record<string, string> = { id: 'string', type: 'string', timestamp: 'number', source: 'string', target: 'string' };
    Object.assign(types, { correlationId: 'string', replyTo: 'string', headers: 'object', traceparent: 'string', priority: 'number', expiresAt: 'number' });
    for (const input of mutations(encodeEnvelope({ ...base, headers: { k: 'v' }, replyTo: 'r' }, payload, 'msgpack'), 25, 2000)) {
      let envelope: Envelope<Uint8Array>;
      try {
        envelope = decodeEnvelope(input).envelope;
      } catch {
        continue;
      }
      for (const [key, value] of Object.entries(envelope)) {
        if (key === 'payload') continue;
        expect(typeof value).toBe(types[key]);
        if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
      }
      for (const value of Object.values(envelope.headers ?? {})) expect(typeof value).toBe('string');
    }
  });
});

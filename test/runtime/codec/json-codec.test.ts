import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonCodec } from '../../../runtime/codec/json-codec.js';
import { thrownBy, succeedsOrFailsCoded } from './assertions.js';
import { mutations, normalizeNumbers, orderSpec, randomInputs, sampleOrder, sinkArb, sinkSpec, spec, type Order, type Sink } from './fixtures.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const plainSpec = spec('Plain', { structures: [], special: { int64: [], bytes: [] } });

describe('json codec: round trips', () => {
  it('decodes what it encodes for any schema-shaped value (finite doubles: JSON has no NaN or Infinity)', () => {
    const codec = createJsonCodec<Sink>(sinkSpec);
    fc.assert(
      fc.property(sinkArb(finiteDouble), (value) => {
        expect(codec.decode(codec.encode(value))).toEqual(normalizeNumbers(value));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('never mutates the value it encodes', () => {
    const codec = createJsonCodec<Sink>(sinkSpec);
    fc.assert(
      fc.property(sinkArb(finiteDouble), (value) => {
        const before = structuredClone(value);
        codec.encode(value);
        expect(value).toEqual(before);
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('writes int64 as decimal strings and bytes as base64 at the declared paths', () => {
    const codec = createJsonCodec<Sink>(sinkSpec);
    const value: Sink = {
      id: 9_007_199_254_740_993n,
      score: 1.5,
      name: 'n',
      blob: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
      tags: {},
      counters: { a: -5n },
      lines: [{ sku: 's', qty: 1, price: 2n ** 63n - 1n, attachments: [new Uint8Array([1])] }],
      nested: { deep: { when: 0n, values: [] } },
    };
    expect(JSON.parse(text(codec.encode(value)))).toEqual({
      id: '9007199254740993',
      score: 1.5,
      name: 'n',
      blob: '3q2+7w==',
      tags: {},
      counters: { a: '-5' },
      lines: [{ sku: 's', qty: 1, price: '9223372036854775807', attachments: ['AQ=='] }],
      nested: { deep: { when: '0', values: [] } },
    });
  });

  it('is plain JSON for a message without special paths', () => {
    const codec = createJsonCodec<Record<string, unknown>>(plainSpec);
    const value = { a: 1, b: [true, null, 'x'], c: { d: 0.25 } };
    expect(text(codec.encode(value))).toBe(JSON.stringify(value));
    expect(codec.decode(utf8(JSON.stringify(value)))).toEqual(value);
  });

  it('accepts int64 sent as a safe JSON number by a plain-JSON peer', () => {
    const decoded = createJsonCodec<Order>(orderSpec).decode(utf8('{"customerId":"c","items":[{"sku":"A","quantity":1,"unitPriceCents":1999}],"shipping":{}}'));
    expect(decoded.items[0]?.unitPriceCents).toBe(1999n);
  });
});

describe('json codec: values outside the declared paths', () => {
  it('refuses a bigint at an undeclared path with SERIALIZATION_ENCODE_FAILED naming the path', () => {
    const codec = createJsonCodec<unknown>(orderSpec);
    const error = thrownBy(() => codec.encode({ ...sampleOrder, shipping: { street: 's', city: 'c', country: 'DE', zip: 12345n } }));
    expect(error.code).toBe('SERIALIZATION_ENCODE_FAILED');
    expect(error.message).toContain('$.shipping.zip');
  });

  it('does the same on the fast path (no special paths at all)', () => {
    const error = thrownBy(() => createJsonCodec<unknown>(plainSpec).encode({ list: [1, 2n] }));
    expect(error.code).toBe('SERIALIZATION_ENCODE_FAILED');
    expect(error.message).toContain('$.list[1]');
  });

  it('writes NaN and Infinity as null and -0 as 0, as JSON.stringify does', () => {
    const codec = createJsonCodec<Record<string, unknown>>(plainSpec);
    expect(text(codec.encode({ a: Number.NaN, b: Infinity, c: -0 }))).toBe('{"a":null,"b":null,"c":0}');
  });

  it('reports a cycle as SERIALIZATION_ENCODE_FAILED', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(thrownBy(() => createJsonCodec<unknown>(plainSpec).encode(cyclic)).code).toBe('SERIALIZATION_ENCODE_FAILED');
  });
});

describe('json codec: broken and hostile input', () => {
  const codec = createJsonCodec<Order>(orderSpec);
  const valid = codec.encode(sampleOrder);

  it.each([
    ['not JSON', 'hello'],
    ['truncated', '{"customerId":"c"'],
    ['trailing garbage', '{"a":1} x'],
    ['empty', ''],
  ])('rejects %s with SERIALIZATION_DECODE_FAILED', (_name, input) => {
    expect(thrownBy(() => codec.decode(utf8(input))).code).toBe('SERIALIZATION_DECODE_FAILED');
  });

  it('rejects invalid UTF-8 instead of replacing it', () => {
    expect(thrownBy(() => codec.decode(new Uint8Array([0x22, 0xff, 0xfe, 0x22]))).code).toBe('SERIALIZATION_DECODE_FAILED');
  });

  it.each([
    ['a non-numeric string', '"12a"'],
    ['a number that lost precision', '9007199254740993'],
    ['a 25-digit string', '"1234567890123456789012345"'],
  ])('rejects %s at an int64 path, naming the path', (_name, price) => {
    const input = utf8(`{"customerId":"c","items":[{"sku":"A","quantity":1,"unitPriceCents":${price}}],"shipping":{}}`);
    const error = thrownBy(() => codec.decode(input));
    expect(error.code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(error.message).toContain('$.items[0].unitPriceCents');
  });

  it('rejects bytes that are not strict base64, naming the path', () => {
    const sink = createJsonCodec<Sink>(sinkSpec);
    const error = thrownBy(() => sink.decode(utf8('{"blob":"not base64!"}')));
    expect(error.code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(error.message).toContain('$.blob');
  });

  it('decodes deeply nested JSON without exhausting the stack (V8 parses iteratively; only declared paths are walked)', () => {
    const deep = utf8(`{"items":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(succeedsOrFailsCoded(() => codec.decode(deep))).toBe('ok');
  });

  it('refuses input above the size limit', () => {
    expect(thrownBy(() => codec.decode(valid, { maxBytes: 16 })).code).toBe('SERIALIZATION_TOO_LARGE');
  });

  it('throws only coded errors for random bytes and for mutations of a valid message', () => {
    for (const input of randomInputs(11, 2000, 48)) succeedsOrFailsCoded(() => codec.decode(input));
    let failed = 0;
    for (const input of mutations(valid, 12, 1500)) if (succeedsOrFailsCoded(() => codec.decode(input)) === 'failed') failed++;
    expect(failed).toBeGreaterThan(valid.length); // at least every truncation failed
  });

  it('never lets __proto__ change a prototype, on the fast path or at special paths', () => {
    const hostile = utf8('{"__proto__":{"polluted":true},"items":[{"__proto__":{"polluted":true},"unitPriceCents":"1"}],"tags":{"__proto__":"AQ=="}}');
    const special = createJsonCodec<Record<string, unknown>>(spec('P', { structures: [], special: { int64: [['items', '*', 'unitPriceCents']], bytes: [['tags', '*']] } }));
    for (const candidate of [createJsonCodec<Record<string, unknown>>(plainSpec), special]) {
      const decoded = candidate.decode(hostile);
      expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
      expect(Object.getPrototypeOf((decoded.items as object[])[0])).toBe(Object.prototype);
      expect(Object.getPrototypeOf(decoded.tags)).toBe(Object.prototype);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    }
    // At a `*` bytes path the own __proto__ value was converted in place, still as an own property.
    const tags = special.decode(hostile).tags as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value).toEqual(new Uint8Array([1]));
  });
});

import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { afterEach, describe, expect, it } from 'vitest';
import { configureCodecLimits } from '../../../runtime/codec/limits.js';
import { createMsgpackCodec } from '../../../runtime/codec/msgpack-codec.js';
import { thrownBy, succeedsOrFailsCoded } from './assertions.js';
import { mutations, normalizeNumbers, orderSpec, randomInputs, sampleOrder, sinkArb, sinkSpec, spec, type Order, type Sink } from './fixtures.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('msgpack codec: round trips', () => {
  it('decodes what it encodes for any schema-shaped value (int64, doubles, bytes, maps, nesting)', () => {
    const codec = createMsgpackCodec<Sink>(sinkSpec);
    fc.assert(
      fc.property(sinkArb(), (value) => {
        expect(codec.decode(codec.encode(value))).toEqual(normalizeNumbers(value));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('gives the same values with and without shared structures', () => {
    const withStructures = createMsgpackCodec<Sink>(sinkSpec);
    const without = createMsgpackCodec<Sink>({ ...sinkSpec, structures: [] });
    fc.assert(
      fc.property(sinkArb(), (value) => {
        expect(withStructures.decode(withStructures.encode(value))).toEqual(without.decode(without.encode(value)));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('uses the shared structures: a known shape is smaller than the same value without them', () => {
    const withStructures = createMsgpackCodec<Order>(orderSpec).encode(sampleOrder);
    const without = createMsgpackCodec<Order>({ ...orderSpec, structures: [] }).encode(sampleOrder);
    expect(withStructures.length).toBeLessThan(without.length);
    // No key of a listed shape is written out.
    expect(Buffer.from(withStructures).includes('customerId')).toBe(false);
    expect(Buffer.from(withStructures).includes('unitPriceCents')).toBe(false);
  });

  it('is readable by a codec in another process (fresh instance) after meeting shapes outside the list', () => {
    const sender = createMsgpackCodec<unknown>(orderSpec);
    const frames: Uint8Array[] = [];
    // Unknown shapes first: msgpackr must not silently add them to the shared list.
    for (let i = 0; i < 40; i++) frames.push(sender.encode({ [`field${i}`]: i, other: 'x' }));
    frames.push(sender.encode({ items: [], customerId: 'reordered', shipping: { city: 'c', street: 's', country: 'DE' } }));
    frames.push(sender.encode(sampleOrder));
    const receiver = createMsgpackCodec<unknown>(orderSpec);
    expect(frames.map((frame) => receiver.decode(frame))).toEqual([
      ...Array.from({ length: 40 }, (_, i) => ({ [`field${i}`]: i, other: 'x' })),
      { items: [], customerId: 'reordered', shipping: { city: 'c', street: 's', country: 'DE' } },
      sampleOrder,
    ]);
  });

  it('works with more shapes than fit in one-byte record ids (msgpackr switches to two-byte ids)', () => {
    const shapes = Array.from({ length: 300 }, (_, i) => [`a${i}`, `b${i}`]);
    const many = spec('Many', { structures: shapes, special: { int64: [], bytes: [] } });
    const values = [...shapes.map(([a, b]) => ({ [a!]: 1, [b!]: 'x' })), { unknown: true }, { [shapes[299]![0]!]: 2, [shapes[299]![1]!]: 'y' }];
    const sender = createMsgpackCodec<unknown>(many);
    const frames = values.map((value) => sender.encode(value));
    const receiver = createMsgpackCodec<unknown>(many);
    expect(frames.map((frame) => receiver.decode(frame))).toEqual(values);
    expect(frames[0]!.length).toBeLessThan(8); // two-byte id plus the two values, no keys
  });

  it('round-trips an order with a missing optional field (a shape not in the list)', () => {
    const codec = createMsgpackCodec<Order>(orderSpec);
    const { coupon: _coupon, ...withoutCoupon } = sampleOrder;
    expect(codec.decode(codec.encode(withoutCoupon))).toEqual(withoutCoupon);
  });
});

describe('msgpack codec: value rules', () => {
  const codec = createMsgpackCodec<Record<string, unknown>>(spec('Values', { structures: [], special: { int64: [], bytes: [] } }));
  const roundTrip = (value: Record<string, unknown>): Record<string, unknown> => codec.decode(codec.encode(value));

  it('decodes every 64-bit integer as bigint, small or large, signed or unsigned', () => {
    const values = { zero: 0n, one: 1n, minusOne: -1n, min: -(2n ** 63n), max: 2n ** 63n - 1n, uintMax: 2n ** 64n - 1n };
    const decoded = roundTrip(values);
    expect(decoded).toEqual(values);
    for (const item of Object.values(decoded)) expect(typeof item).toBe('bigint');
  });

  it('refuses integers beyond 64 bits with SERIALIZATION_ENCODE_FAILED', () => {
    expect(thrownBy(() => codec.encode({ big: 2n ** 64n })).code).toBe('SERIALIZATION_ENCODE_FAILED');
    expect(thrownBy(() => codec.encode({ big: -(2n ** 63n) - 1n })).code).toBe('SERIALIZATION_ENCODE_FAILED');
  });

  it('keeps doubles as doubles (no float32 rounding), including NaN and ±Infinity; -0 becomes 0', () => {
    const values = { tenth: 0.1, third: 1 / 3, tiny: 5e-324, huge: 1.7976931348623157e308, nan: Number.NaN, inf: Infinity, negInf: -Infinity };
    expect(roundTrip(values)).toEqual(values);
    expect(Object.is(roundTrip({ z: -0 }).z, 0)).toBe(true);
    expect(typeof roundTrip({ n: 3 }).n).toBe('number');
  });

  it('decodes bytes as a Uint8Array that owns its memory, also from a Buffer input', () => {
    const input = Buffer.from(codec.encode({ raw: new Uint8Array([1, 2, 3]) }));
    const decoded = codec.decode(input).raw as Uint8Array;
    expect(decoded.constructor).toBe(Uint8Array);
    expect([...decoded]).toEqual([1, 2, 3]);
    input.fill(0);
    expect([...decoded]).toEqual([1, 2, 3]);
  });

  it('keeps maps as plain objects, also when another encoder wrote a msgpack map', () => {
    const decoded = roundTrip({ tags: { a: 'x', b: 'y' } });
    expect(Object.getPrototypeOf(decoded.tags)).toBe(Object.prototype);
    const foreign = new Packr({ useRecords: false }).pack(new Map([['a', 1]]));
    const fromForeign = codec.decode(foreign);
    expect(fromForeign).not.toBeInstanceOf(Map);
    expect(fromForeign).toEqual({ a: 1 });
  });

  it('turns integers another encoder wrote compactly into bigint at declared int64 paths', () => {
    const foreign = new Packr({ useRecords: false }).pack({ customerId: 'c', items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 1999 }], shipping: {} });
    const decoded = createMsgpackCodec<Order>(orderSpec).decode(foreign);
    expect(decoded.items[0]?.unitPriceCents).toBe(1999n);
    expect(decoded.items[0]?.quantity).toBe(1);
  });

  it('returns encodings that stay valid after later encodes', () => {
    const first = codec.encode({ keep: 'me', n: 1.5 });
    const snapshot = hex(first);
    for (let i = 0; i < 2000; i++) codec.encode({ other: `value-${i}`, list: [i, i + 0.5], blob: new Uint8Array(64) });
    expect(hex(first)).toBe(snapshot);
    expect(codec.decode(first)).toEqual({ keep: 'me', n: 1.5 });
  });

  it('reports a circular value as SERIALIZATION_ENCODE_FAILED', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(thrownBy(() => codec.encode(cyclic)).code).toBe('SERIALIZATION_ENCODE_FAILED');
  });
});

describe('msgpack codec: hostile and broken input', () => {
  const codec = createMsgpackCodec<Order>(orderSpec);
  const valid = codec.encode(sampleOrder);

  afterEach(() => configureCodecLimits({ maxBytes: 16 * 1024 * 1024 }));

  it('rejects every truncation of a valid message', () => {
    for (let cut = 0; cut < valid.length; cut++) {
      expect(thrownBy(() => codec.decode(valid.subarray(0, cut))).code).toBe('SERIALIZATION_DECODE_FAILED');
    }
  });

  it('rejects trailing garbage', () => {
    const padded = new Uint8Array([...valid, 0x01]);
    expect(thrownBy(() => codec.decode(padded)).code).toBe('SERIALIZATION_DECODE_FAILED');
  });

  it('names the codec and message type in the error', () => {
    const error = thrownBy(() => codec.decode(new Uint8Array([0xc1, 0xc1])));
    expect(error.message).toContain('PlaceOrderRequest');
    expect(error.details).toMatchObject({ codec: 'msgpack', type: 'PlaceOrderRequest' });
  });

  it('refuses input above the size limit, from the call or from the module-level default', () => {
    expect(thrownBy(() => codec.decode(valid, { maxBytes: valid.length - 1 })).code).toBe('SERIALIZATION_TOO_LARGE');
    expect(codec.decode(valid, { maxBytes: valid.length })).toEqual(sampleOrder);
    configureCodecLimits({ maxBytes: 10 });
    expect(thrownBy(() => codec.decode(valid)).code).toBe('SERIALIZATION_TOO_LARGE');
  });

  it('survives nesting deep enough to exhaust the stack, and keeps working', () => {
    const deep = new Uint8Array(300_000).fill(0x91); // array of array of array ...
    expect(['SERIALIZATION_TOO_LARGE', 'SERIALIZATION_DECODE_FAILED']).toContain(thrownBy(() => codec.decode(deep)).code);
    expect(codec.decode(valid)).toEqual(sampleOrder);
  });

  it('throws only coded errors for random bytes and for mutations of a valid message', () => {
    let failed = 0;
    for (const input of randomInputs(1, 3000, 64)) if (succeedsOrFailsCoded(() => codec.decode(input)) === 'failed') failed++;
    for (const input of mutations(valid, 2, 1500)) succeedsOrFailsCoded(() => codec.decode(input));
    expect(failed).toBeGreaterThan(1000); // the fuzzer really reaches the error paths
    expect(codec.decode(valid)).toEqual(sampleOrder);
  });

  it('refuses msgpackr structured-clone references, which could build cyclic values', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const withReferences = new Packr({ structuredClone: true }).pack(cyclic);
    expect(thrownBy(() => codec.decode(withReferences)).code).toBe('SERIALIZATION_DECODE_FAILED');
  });

  it('does not let a frame that redefines a shared record change how later frames decode', () => {
    // fixext1 'r' record definition for id 0x40 (the first shared shape) with keys ["hack"], then a value.
    const hostile = new Uint8Array([0xd4, 0x72, 0x40, 0x91, 0xa4, ...Buffer.from('hack'), 0x01]);
    codec.decode(hostile);
    expect(codec.decode(valid)).toEqual(sampleOrder);
  });
});

describe('msgpack codec: prototype safety', () => {
  const codec = createMsgpackCodec<Record<string, unknown>>(spec('Proto', { structures: [['a', 'b']], special: { int64: [], bytes: [] } }));

  it('never lets __proto__, constructor or prototype keys change a prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": {"polluted": true}, "nested": {"__proto__": {"polluted": true}}}') as Record<string, unknown>;
    const decoded = codec.decode(codec.encode(hostile));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(decoded.nested)).toBe(Object.prototype);
    expect((decoded as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // constructor and prototype stay ordinary data; __proto__ arrives renamed by msgpackr's guard.
    expect(decoded.constructor).toEqual({ prototype: { polluted: true } });
    expect(decoded.prototype).toEqual({ polluted: true });
    expect(Object.keys(decoded)).toEqual(['__proto_', 'constructor', 'prototype', 'nested']);
  });

  it('does the same for a hand-written msgpack map and a record definition with a __proto__ key', () => {
    const proto = [0xa9, ...Buffer.from('__proto__')];
    const map = new Uint8Array([0x81, ...proto, 0x81, 0xa1, 0x78, 0x01]);
    const record = new Uint8Array([0xd4, 0x72, 0x41, 0x91, ...proto, 0x81, 0xa1, 0x78, 0x01]);
    for (const input of [map, record]) {
      const decoded = codec.decode(input);
      expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
      expect(({} as { x?: unknown }).x).toBeUndefined();
    }
  });
});

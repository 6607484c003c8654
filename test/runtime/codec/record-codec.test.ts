/**
 * The schema-specialised msgpack encoder and decoder (record-encoder.ts,
 * record-decoder.ts) behind createMsgpackCodec: round trips of random
 * order-shaped values, and wire compatibility with msgpackr in both directions.
 */
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { createMsgpackCodec } from '../../../runtime/codec/msgpack-codec.js';
import { defineMessage } from '../../../runtime/codec/define-message.js';
import { createSchemaPackr } from '../../../runtime/codec/msgpack-packr.js';
import { createRecordDecoder, DECLINED } from '../../../runtime/codec/record-decoder.js';
import { createRecordEncoder } from '../../../runtime/codec/record-encoder.js';
import { compileSpecialPaths } from '../../../runtime/codec/special-paths.js';
import { normalizeNumbers, orderSpec, sampleOrder, sinkArb, sinkSpec, spec, type Order } from './fixtures.js';

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const key = fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__');
const extraValue = fc.oneof(fc.string(), fc.integer(), fc.double(), int64, fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 8 }));

/** Order-shaped values: random contents, coupon sometimes missing, sometimes extra keys anywhere. */
const orderArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    customerId: fc.string({ unit: 'grapheme', maxLength: 70 }),
    items: fc.array(
      fc.record({ sku: fc.string({ maxLength: 12 }), quantity: fc.integer(), unitPriceCents: int64 }, { noNullPrototype: true }),
      { maxLength: 5 },
    ),
    coupon: fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined }),
    shipping: fc.record({ street: fc.string(), city: fc.string(), country: fc.string({ maxLength: 2 }) }, { noNullPrototype: true }),
    extra: fc.option(fc.dictionary(key, extraValue, { maxKeys: 3, noNullPrototype: true }), { nil: undefined }),
  })
  .map(({ coupon, extra, ...order }) => {
    const value: Record<string, unknown> = { ...order };
    if (coupon !== undefined) value.coupon = coupon;
    if (extra !== undefined) Object.assign(value, extra);
    return value;
  });

/** A lone surrogate has no UTF-8 form: it is written as U+FFFD, like TextEncoder does. */
function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return new TextDecoder().decode(new TextEncoder().encode(value)) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)])) as T;
  }
  return value;
}

/**
 * What another encoder would send: bigint as a plain integer, bytes as text.
 * Integers 64..127 are moved: other encoders write them as fixints 0x40..0x7f,
 * which msgpackr's record format reads as record ids (a limit of the format).
 */
function foreignForm(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') value = Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return typeof value === 'number' && value >= 64 && value < 128 ? value + 64 : value;
}

describe('schema-specialised msgpack: round trips', () => {
  const codec = createMsgpackCodec<unknown>(orderSpec);

  it('round-trips random orders, with and without the optional field, with extra keys', () => {
    fc.assert(
      fc.property(orderArb, (order) => {
        expect(codec.decode(codec.encode(order))).toEqual(wellFormed(normalizeNumbers(order)));
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it('writes what msgpackr with the same structures decodes to the same value, and reads what it writes', () => {
    const packr = createSchemaPackr(orderSpec.structures);
    const trie = compileSpecialPaths({ int64: orderSpec.special.int64, bytes: [] });
    const decode = createRecordDecoder(orderSpec.structures, trie);
    fc.assert(
      fc.property(orderArb, (order) => {
        const expected = wellFormed(normalizeNumbers(order));
        expect(packr.unpack(codec.encode(order))).toEqual(expected);
        const fromMsgpackr = decode(packr.pack(order));
        expect(fromMsgpackr).not.toBe(DECLINED); // read by the fast path, not by falling back
        expect(fromMsgpackr).toEqual(expected);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('reads what plain msgpackr (no records, compact integers) writes, turning int64 paths into bigint', () => {
    const foreign = new Packr({ useRecords: false, variableMapSize: true });
    fc.assert(
      fc.property(orderArb, (order) => {
        const compact = JSON.parse(JSON.stringify(order, foreignForm)) as Order;
        const decoded = createMsgpackCodec<Order>(orderSpec).decode(foreign.pack(compact));
        decoded.items.forEach((item, i) => {
          const sent = compact.items[i]!.unitPriceCents as unknown as number;
          expect(item.unitPriceCents).toBe(Number.isSafeInteger(sent) ? BigInt(sent) : sent);
        });
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it('keeps every value rule of the kitchen-sink message (maps, bytes, nesting, doubles)', () => {
    const sink = createMsgpackCodec<unknown>(sinkSpec);
    const packr = createSchemaPackr(sinkSpec.structures);
    fc.assert(
      fc.property(sinkArb(), (value) => {
        const bytes = sink.encode(value);
        expect(sink.decode(bytes)).toEqual(normalizeNumbers(value));
        expect(packr.unpack(bytes)).toEqual(normalizeNumbers(value));
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it('round-trips integer and length boundaries', () => {
    const values = [0, 31, 63, 64, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, 0.5, 3.0];
    const decoded = codec.decode(codec.encode({ values })) as { values: number[] };
    expect(decoded.values).toEqual(values);
    for (const n of decoded.values) expect(typeof n).toBe('number');
    for (const length of [0, 15, 16, 31, 32, 255, 256, 65535, 65536, 70000]) {
      const text = 'x'.repeat(length);
      const multi = 'é'.repeat(length >> 1) + '😀';
      const list = Array.from({ length: Math.min(length, 70000) }, (_, i) => i & 0x3f);
      const bytes = new Uint8Array(length).fill(7);
      expect(codec.decode(codec.encode({ text, multi, list, bytes }))).toEqual({ text, multi, list, bytes });
    }
  });

  it('grows the output mid-message without disturbing earlier outputs', () => {
    const small = codec.encode(sampleOrder);
    const copy = Uint8Array.from(small);
    const big = { customerId: 'x'.repeat(100_000), items: Array.from({ length: 3000 }, (_, i) => ({ sku: `S${i}`, quantity: i, unitPriceCents: BigInt(i) })), shipping: sampleOrder.shipping };
    expect(codec.decode(codec.encode(big))).toEqual(big);
    expect(small).toEqual(copy);
    expect(codec.decode(small)).toEqual(sampleOrder);
  });

  it('does not let small messages pin the large slab a big message needed', () => {
    codec.encode({ customerId: 'x'.repeat(3_000_000), items: [], shipping: sampleOrder.shipping });
    expect(codec.encode(sampleOrder).buffer.byteLength).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('schema-specialised msgpack: shapes outside the schema', () => {
  const codec = createMsgpackCodec<unknown>(orderSpec);
  const packr = createSchemaPackr(orderSpec.structures);

  it('rolls back a half-matched shape, including inline records written inside it', () => {
    // The keys match the shared shape up to `coupon`, after a nested unknown shape was already written.
    const value = { customerId: 'c', items: [{ odd: 1 }, { odd: 2 }], shipping: { street: 's', city: 'c', country: 'DE' }, later: [{ odd: 3 }] };
    const bytes = codec.encode(value);
    expect(codec.decode(bytes)).toEqual(value);
    expect(packr.unpack(bytes)).toEqual(value);
  });

  it('starts a half-written object over when the shapes inside it used up the record ids', () => {
    // The order's keys match up to `coupon`, after 70 new shapes inside `items` took every free id.
    const items = Array.from({ length: 70 }, (_, i) => ({ [`line${i}`]: i }));
    const value = { customerId: 'c', items, shipping: { street: 's', city: 'c', country: 'DE' } };
    const bytes = codec.encode(value);
    expect(codec.decode(bytes)).toEqual(value);
    expect(packr.unpack(bytes)).toEqual(value);
  });

  it('writes consistent keys and values when a getter deletes or adds keys during the encode', () => {
    // A fresh codec: which keys a mutating object is written with depends on the shapes the encoder has learned.
    const codec = createMsgpackCodec<unknown>(orderSpec);
    // The getter runs in the middle of the key walk: `coupon` goes before it is reached, `added` comes too late to be.
    const deleting: Record<string, unknown> = {
      customerId: 'c',
      get items(): unknown[] {
        delete deleting.coupon;
        deleting.added = 1;
        return [];
      },
      coupon: 'x',
      shipping: { street: 's', city: 'c', country: 'DE' },
    };
    const decoded = codec.decode(codec.encode(deleting)) as Record<string, unknown>;
    expect(decoded).toEqual({ customerId: 'c', shipping: { street: 's', city: 'c', country: 'DE' }, items: [], added: 1 });
    // Here a key already written goes: the object is written again from its keys at that point.
    const shrinking: Record<string, unknown> = {
      customerId: 'c',
      get items(): unknown[] {
        delete shrinking.customerId;
        return [];
      },
      shipping: 's',
    };
    const bytes = codec.encode(shrinking);
    expect(codec.decode(bytes)).toEqual({ items: [], shipping: 's' });
    expect(packr.unpack(bytes)).toEqual({ items: [], shipping: 's' });
  });

  it('falls back to plain maps when a message has more new shapes than record ids', () => {
    const value = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, { [`inner${i}`]: i }]));
    const bytes = codec.encode(value);
    expect(codec.decode(bytes)).toEqual(value);
    expect(packr.unpack(bytes)).toEqual(value);
  });

  it('leaves values it does not write itself (Date, Map, class instances) to msgpackr', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const when = new Date(1_700_000_000_123);
    const decoded = codec.decode(codec.encode({ when, map: new Map([['a', 1]]), point: new Point(2) })) as Record<string, unknown>;
    expect(decoded.when).toEqual(when);
    expect(decoded.map).toEqual({ a: 1 });
    expect(decoded.point).toEqual({ x: 2 });
  });

  it('stays correct when a getter encodes another message in the middle of an encode', () => {
    const value = {
      get customerId(): string {
        codec.encode({ nested: 'inner' });
        return 'outer';
      },
      items: [],
      shipping: { street: 's', city: 'c', country: 'DE' },
    };
    expect(codec.decode(codec.encode(value))).toEqual({ customerId: 'outer', items: [], shipping: { street: 's', city: 'c', country: 'DE' } });
  });

  it('writes the same bytes as before for a known shape: one id byte per record, no keys', () => {
    const direct = createRecordEncoder(orderSpec.structures)({ street: 'a', city: 'b', country: 'c' });
    expect([...direct!]).toEqual([0x42, 0xa1, 0x61, 0xa1, 0x62, 0xa1, 0x63]);
  });
});

describe('schema-specialised msgpack: message types with many shapes', () => {
  it('uses msgpackr alone beyond 32 shapes, and still round-trips', () => {
    const shapes = Array.from({ length: 40 }, (_, i) => [`a${i}`]);
    const codec = createMsgpackCodec<unknown>(spec('Wide', { structures: shapes, special: { int64: [], bytes: [] } }));
    const value = { a39: { a0: 1n } };
    expect(codec.decode(codec.encode(value))).toEqual(value);
  });
});

describe('recursive shapes', () => {
  it('round-trips an object nesting its own shape, before and after the shape is learned', () => {
    const codec = defineMessage<unknown>({
      name: 'Tree',
      schemaId: 'test:tree',
      fingerprint: 'tree',
      validate: Object.assign(() => true, { errors: null }),
      structures: [],
      special: { int64: [], bytes: [] },
    }).msgpack;
    const values = [{ foo: false }, { foo: { foo: false } }, { foo: { foo: { foo: 1 } } }, [{ foo: { foo: false } }], { a: { a: { b: 1 } }, b: { a: 2 } }];
    for (const value of [...values, ...values]) expect(codec.decode(codec.encode(value))).toEqual(value);
  });
});

/**
 * Generated record builders (runtime/codec/record-builders.ts) as the
 * msgpack decoder uses them: same values as without them, at any nesting and
 * at int64 paths; wrong builders are ignored, not trusted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineMessage } from '../../../runtime/codec/define-message.js';
import { createMsgpackCodec } from '../../../runtime/codec/msgpack-codec.js';
import type { CompiledShapes, ReadField, RecordBuilder } from '../../../runtime/codec/record-builders.js';
import { normalizeNumbers, orderSpec, sampleOrder, sinkArb, sinkSpec, type Order } from './fixtures.js';

/** What the generator emits for a key list (generator/emit/record-builders.ts), written out by hand. */
const orderBuilders: CompiledShapes = {
  records: [
    (field) => ({ customerId: field(0), items: field(1), coupon: field(2), shipping: field(3) }),
    (field) => ({ sku: field(0), quantity: field(1), unitPriceCents: field(2) }),
    (field) => ({ street: field(0), city: field(1), country: field(2) }),
  ],
};

const sinkBuilders: CompiledShapes = {
  records: [
    (field) => ({ id: field(0), score: field(1), name: field(2), blob: field(3), tags: field(4), counters: field(5), lines: field(6), nested: field(7), note: field(8) }),
    (field) => ({ sku: field(0), qty: field(1), price: field(2), attachments: field(3) }),
    (field) => ({ deep: field(0) }),
    (field) => ({ when: field(0), values: field(1) }),
  ],
};

/** Counts the builder calls that happen outside the definition-time check. */
function counting(compiled: CompiledShapes): { compiled: CompiledShapes; calls: () => number } {
  let calls = 0;
  const records = compiled.records!.map((build): RecordBuilder | undefined =>
    build === undefined
      ? undefined
      : (field: ReadField) => {
          calls++;
          return build(field);
        },
  );
  return { compiled: { records }, calls: () => calls };
}

describe('record builders in the msgpack decoder', () => {
  it('are used for shared shapes and give the same order as the key-by-key decoder', () => {
    const { compiled, calls } = counting(orderBuilders);
    const codec = createMsgpackCodec<Order>(orderSpec, compiled);
    const before = calls();
    expect(codec.decode(codec.encode(sampleOrder))).toEqual(sampleOrder);
    expect(calls() - before).toBe(5); // the order, three lines, the address
  });

  it('agree with the key-by-key decoder on every kitchen-sink value (nesting, int64 maps and arrays)', () => {
    const withBuilders = createMsgpackCodec<unknown>(sinkSpec, sinkBuilders);
    const without = createMsgpackCodec<unknown>(sinkSpec);
    fc.assert(
      fc.property(sinkArb(), (value) => {
        const bytes = without.encode(value);
        expect(withBuilders.decode(bytes)).toEqual(without.decode(bytes));
        expect(withBuilders.decode(bytes)).toEqual(normalizeNumbers(value));
      }),
      { seed: 31, numRuns: 300 },
    );
  });

  it('turn compact integers at int64 paths inside built records into bigint', () => {
    const codec = createMsgpackCodec<Order>(orderSpec, orderBuilders);
    // The order's shared shapes with unitPriceCents as the fixint 7: 0x40 order, 0x41 line.
    const bytes = new Uint8Array([0x40, 0xa1, 0x63, 0x91, 0x41, 0xa1, 0x73, 0x01, 0x07, 0xc0, 0x42, 0xa0, 0xa0, 0xa0]);
    expect(codec.decode(bytes)).toEqual({ customerId: 'c', items: [{ sku: 's', quantity: 1, unitPriceCents: 7n }], coupon: null, shipping: { street: '', city: '', country: '' } });
  });

  it('ignores builders that would build another shape, and still decodes correctly', () => {
    const wrong: CompiledShapes = {
      records: [
        (field) => ({ customerId: field(0), items: field(1), shipping: field(3), coupon: field(2) }), // reads out of order
        (field) => ({ sku: field(0), quantity: field(1) }), // a key short
        (field) => Object.assign(Object.create({ polluted: true }) as object, { street: field(0), city: field(1), country: field(2) }),
      ],
    };
    const { compiled, calls } = counting(wrong);
    const codec = createMsgpackCodec<Order>(orderSpec, compiled);
    const before = calls();
    expect(codec.decode(codec.encode(sampleOrder))).toEqual(sampleOrder);
    expect(calls()).toBe(before);
  });

  it('are optional per shape, and defineMessage passes them on', () => {
    const partial: CompiledShapes = { records: [undefined, orderBuilders.records![1], undefined] };
    const descriptor = defineMessage<Order>(orderSpec, partial);
    expect(descriptor.msgpack.decode(descriptor.msgpack.encode(sampleOrder))).toEqual(sampleOrder);
    expect(Object.keys(descriptor)).not.toContain('records'); // the descriptor is still the spec plus codecs
  });

  it('type-check as the generator writes them: inline arrows, `field` typed by defineMessage alone', () => {
    const descriptor = defineMessage<Order>(orderSpec, {
      records: [
        (field) => ({ customerId: field(0), items: field(1), coupon: field(2), shipping: field(3) }),
        (field) => ({ sku: field(0), quantity: field(1), unitPriceCents: field(2) }),
        (field) => ({ street: field(0), city: field(1), country: field(2) }),
      ],
    });
    expect(descriptor.msgpack.decode(descriptor.msgpack.encode(sampleOrder))).toEqual(sampleOrder);
  });
});

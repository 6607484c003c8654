import { describe, expect, it } from 'vitest';
import { defineMessage } from '../../../runtime/codec/define-message.js';
import { orderSpec, sampleOrder, type Order } from './fixtures.js';

describe('defineMessage', () => {
  const descriptor = defineMessage<Order>(orderSpec);

  it('returns the spec plus both codecs, frozen', () => {
    expect(descriptor).toMatchObject({ name: 'PlaceOrderRequest', schemaId: orderSpec.schemaId, structures: orderSpec.structures });
    expect(descriptor.validate).toBe(orderSpec.validate);
    expect(descriptor.msgpack.name).toBe('msgpack');
    expect(descriptor.json.name).toBe('json');
    expect(Object.isFrozen(descriptor)).toBe(true);
    expect(Object.isFrozen(descriptor.msgpack)).toBe(true);
  });

  it('round-trips an order through both codecs to the same value', () => {
    expect(descriptor.msgpack.decode(descriptor.msgpack.encode(sampleOrder))).toEqual(sampleOrder);
    expect(descriptor.json.decode(descriptor.json.encode(sampleOrder))).toEqual(sampleOrder);
  });

  it('makes msgpack smaller than JSON for an order', () => {
    const msgpack = descriptor.msgpack.encode(sampleOrder).length;
    const json = descriptor.json.encode(sampleOrder).length;
    expect(msgpack).toBeLessThan(json * 0.6);
  });

  it('returns plain Uint8Arrays (not Node Buffers, whose slice() does not copy)', () => {
    expect(descriptor.msgpack.encode(sampleOrder).constructor).toBe(Uint8Array);
    expect(descriptor.json.encode(sampleOrder).constructor).toBe(Uint8Array);
  });

  it('keeps one encoder per message type (encoding twice gives identical bytes)', () => {
    expect(Buffer.from(descriptor.msgpack.encode(sampleOrder)).equals(Buffer.from(descriptor.msgpack.encode(sampleOrder)))).toBe(true);
  });
});

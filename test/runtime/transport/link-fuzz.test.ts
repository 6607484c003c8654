/**
 * Feeds a Link 100,000 hostile frames (noise and mutations of every valid
 * kind), seeded and bounded. Every rejection must be a coded error other than
 * INTERNAL_* (which would mean an unexpected exception inside), nothing may
 * throw out of the link, no prototype may change, and the link must still
 * serve a valid request afterwards.
 */
import { describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../../runtime/codec/envelope-frame.js';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { createEnvelope } from '../../../runtime/envelope.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { defineService } from '../../../runtime/rpc/define-service.js';
import { createRuntime } from '../../../runtime/runtime.js';
import { encodeErrorFrame } from '../../../runtime/transport/error-frame.js';
import { FRAME_ERROR, FRAME_PING, FRAME_PONG, FRAME_PUB, FRAME_READY, FRAME_SUB, FRAME_UNSUB, linkFrame } from '../../../runtime/transport/frame-kinds.js';
import type { Transport } from '../../../runtime/transport/transport.js';
import { OrderMessage, ShopService } from '../fixtures/shop.js';
import { randomBytes, seededRandom } from './random.js';
import { decodeEnvelope } from '../../../runtime/codec/envelope-frame.js';

class CapturingTransport implements Transport {
  readonly sent: Uint8Array[] = [];
  receive: (frame: Uint8Array) => void = () => undefined;
  closed = false;
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  onFrame(handler: (frame: Uint8Array) => void): void {
    this.receive = handler;
  }
  onClose(): void {}
  close(): void {
    this.closed = true;
  }
}

function request(sku: string): Uint8Array {
  const envelope = createEnvelope('shop.place', undefined, { replyTo: '_INBOX.fuzz', source: 'fuzz' });
  return linkFrame(FRAME_PUB, encodeEnvelope(envelope, OrderMessage.msgpack.encode({ sku, quantity: 1, cents: 5n }), 'msgpack'));
}

function seeds(): Uint8Array[] {
  const event = createEnvelope('shop.order.placed', undefined, { headers: { a: 'b' }, priority: 2, expiresAt: Date.now() + 60_000 });
  return [
    linkFrame(FRAME_SUB, encodeUntyped([5, 'shop.order.*', null])),
    linkFrame(FRAME_SUB, encodeUntyped([6, '_INBOX.fuzz', 'q'])),
    linkFrame(FRAME_UNSUB, encodeUntyped([5])),
    request('ABC'),
    linkFrame(FRAME_PUB, encodeEnvelope(event, encodeUntyped({ orderId: 'o' }), 'msgpack')),
    linkFrame(FRAME_PUB, encodeEnvelope(event, new TextEncoder().encode('{"orderId":"j"}'), 'json')),
    linkFrame(FRAME_READY, new Uint8Array(0)),
    linkFrame(FRAME_PING, encodeUntyped(3)),
    linkFrame(FRAME_PONG, encodeUntyped(0)),
    encodeErrorFrame(new TypewireError('TRANSPORT_PROTOCOL', 'x', { details: { a: [1, 2] } }), false),
  ];
}

describe('Link under fuzzing', () => {
  it('handles 100,000 hostile frames with coded errors only and keeps serving', async () => {
    const errors: unknown[] = [];
    const runtime = createRuntime({ onError: (error) => errors.push(error), validateOutbound: false });
    runtime.serve(
      defineService(ShopService, {
        place: async (order) => ({ orderId: order.sku, cents: order.cents }),
        subscriptions: { anyOrder: () => undefined },
      }),
    );
    const transport = new CapturingTransport();
    runtime.attach(transport, { onError: (error) => errors.push(error) });
    const random = seededRandom(99);
    const valid = seeds();
    for (let i = 0; i < 100_000; i++) {
      let frame: Uint8Array;
      const pick = random();
      if (pick < 0.2) {
        frame = randomBytes(random, (random() * 64) | 0);
      } else {
        frame = valid[(random() * valid.length) | 0]!.slice();
        const mutations = 1 + ((random() * 4) | 0);
        for (let m = 0; m < mutations; m++) {
          const op = random();
          if (op < 0.6 && frame.length > 0) frame[(random() * frame.length) | 0] = (random() * 256) | 0;
          else if (op < 0.8) frame = frame.subarray(0, (random() * frame.length) | 0);
          else frame = Uint8Array.from([...frame, ...randomBytes(random, 1 + ((random() * 8) | 0))]);
        }
        if (pick < 0.3 && frame.length > 0) frame[0] = (random() * 10) | 0;
      }
      transport.receive(frame);
      // Let async handlers run now and then, so replies and their errors happen during the run too.
      if (i % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));

    const unexpected = errors.filter((e) => !(e instanceof TypewireError) || e.code.startsWith('INTERNAL'));
    expect(unexpected.slice(0, 3)).toEqual([]);
    expect(errors.length).toBeGreaterThan(10_000);
    expect(Object.prototype).toEqual({});

    transport.sent.length = 0;
    transport.receive(request('AFTER'));
    await new Promise((resolve) => setImmediate(resolve));
    const replies = transport.sent.filter((f) => f[0] === FRAME_PUB).map((f) => decodeEnvelope(f.subarray(1)).envelope);
    expect(replies.some((r) => r.correlationId !== undefined && r.headers?.['typewire-status'] === undefined)).toBe(true);
    await runtime.close();
  });

  it('never answers an ERROR frame with an ERROR frame', () => {
    const runtime = createRuntime({ onError: () => undefined });
    const transport = new CapturingTransport();
    runtime.attach(transport, { onError: () => undefined });
    transport.sent.length = 0;
    transport.receive(linkFrame(FRAME_ERROR, new Uint8Array([0xc1])));
    transport.receive(linkFrame(FRAME_PONG, encodeUntyped(77)));
    expect(transport.sent.map((f) => f[0])).toEqual([FRAME_ERROR]);
    void runtime.close();
  });
});

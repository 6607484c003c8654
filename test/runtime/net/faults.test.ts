/**
 * Hostile and broken input over a real TCP connection. Each case checks the
 * coded answer, that the process is fine, and (where the stream can still be
 * framed) that the next valid request on the same connection is served.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { defineOrdersService, PlaceOrderResponseMessage, routes, type PlaceOrderRequest } from '../../../generated/index.js';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { fingerprintsOf } from '../../../runtime/net/fingerprints.js';
import type { NetServer } from '../../../runtime/net/server.js';
import { encodeHello, PROTOCOL_VERSION } from '../../../runtime/net/hello.js';
import { encodeFrames } from '../../../runtime/transport/frame-batcher.js';
import { FRAME_PUB, FRAME_READY, FRAME_SUB, linkFrame } from '../../../runtime/transport/frame-kinds.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { client, runtime, server, waitFor } from './harness.js';
import { RawClient } from './raw-client.js';
import { randomBytes, seededRandom } from '../transport/random.js';

const order: PlaceOrderRequest = {
  customerId: 'c-1',
  items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 100n }],
  shipping: { street: 's', city: 'c', country: 'DE' },
};

const INBOX = '_INBOX.raw';
let s: NetServer;
let serverErrors: TypewireError[];

beforeEach(async () => {
  serverErrors = [];
  const r = runtime({ routes, source: 'server' });
  r.serve(
    defineOrdersService({
      placeOrder: async (request) => ({ orderId: request.customerId, status: 'accepted', totalCents: 1n }),
      getOrder: async (request, ctx) => ctx.fail('ORDER_NOT_FOUND', `no order ${request.orderId}`),
    }),
  );
  s = await server(r, { maxFrameBytes: 64 * 1024, handshakeTimeoutMs: 500 }, serverErrors);
});

/** A raw client past the handshake, subscribed to its inbox. */
async function linked(): Promise<RawClient> {
  const raw = await RawClient.linked(s.port!, fingerprintsOf(routes));
  raw.subscribe(1, INBOX);
  return raw;
}

/** Sends a valid request on the same connection and expects a normal reply. */
async function stillWorks(raw: RawClient): Promise<void> {
  const request = raw.publish('orders.placeOrder', order, { replyTo: INBOX });
  const reply = await raw.replyTo(request, PlaceOrderResponseMessage);
  expect(reply.headers?.['typewire-status']).toBeUndefined();
  expect(reply.payload).toMatchObject({ orderId: 'c-1', status: 'accepted' });
}

/** The server is fine: a new, ordinary client gets served. */
async function serverIsFine(): Promise<void> {
  const c = runtime({ routes });
  await client(c, s);
  const { createOrdersClient } = await import('../../../generated/index.js');
  expect(await createOrdersClient(c).placeOrder(order)).toMatchObject({ status: 'accepted' });
}

const errorReply = (reply: { headers?: Record<string, string>; payload: unknown }) => {
  expect(reply.headers?.['typewire-status']).toBe('error');
  return reply.payload as { code: string; details?: unknown };
};

describe('stream-level faults (the connection cannot be framed any more: it is closed, the server carries on)', () => {
  it('random bytes before the handshake', async () => {
    const raw = await RawClient.open(s.port!);
    raw.sendBytes(randomBytes(seededRandom(1), 4096));
    await raw.closed();
    await serverIsFine();
  });

  it('random bytes after the handshake', async () => {
    const random = seededRandom(2);
    for (let i = 0; i < 5; i++) {
      const raw = await linked();
      raw.sendBytes(randomBytes(random, 2048));
      // Random bytes are mostly oversized lengths (closed) or frames of garbage (rejected, kept).
      await waitFor(() => raw.ended || raw.errors().length > 0, 'the server to react');
    }
    await serverIsFine();
  });

  it('a 0xFFFFFFFF length is refused right after its 4 bytes', async () => {
    const raw = await linked();
    raw.sendBytes(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    await raw.closed();
    const [refusal] = raw.errors();
    expect(refusal).toMatchObject({ fatal: true, error: { code: 'SERIALIZATION_TOO_LARGE', details: { size: 0xffffffff, maxBytes: 64 * 1024 } } });
    await serverIsFine();
  });

  it('a length just over the limit is refused; one at the limit is read', async () => {
    const raw = await linked();
    const atLimit = new Uint8Array(64 * 1024);
    atLimit[0] = 99; // an unknown kind, so the server answers
    raw.sendFrame(atLimit);
    await waitFor(() => raw.errors().length === 1, 'the answer to the frame at the limit');
    expect(raw.errors()[0]).toMatchObject({ fatal: false, error: { code: 'TRANSPORT_PROTOCOL' } });
    raw.sendBytes(new Uint8Array([0, 1, 0, 1]));
    await raw.closed();
    expect(raw.errors()[1]).toMatchObject({ fatal: true, error: { code: 'SERIALIZATION_TOO_LARGE' } });
  });

  it('a truncated frame followed by silence is ended by the idle timeout', async () => {
    const quick = await server(runtime({ routes }), { heartbeatMs: 10, idleTimeoutMs: 60 });
    const raw = await RawClient.linked(quick.port!, fingerprintsOf(routes));
    raw.sendBytes(new Uint8Array([0, 0, 1, 0, FRAME_PUB, 1, 2, 3]));
    await raw.closed();
    expect(raw.errors().at(-1)?.error.details).toMatchObject({ reason: 'idle-timeout' });
  });
});

describe('a valid stream however it is split', () => {
  it('delivered byte by byte, and split at random points, gives the same replies', async () => {
    const hello = encodeHello({ role: 'client', protocol: PROTOCOL_VERSION, codec: 'msgpack', clientId: 'bytes', fingerprints: fingerprintsOf(routes) });
    const sub = linkFrame(FRAME_SUB, encodeUntyped([1, INBOX, null]));
    const ready = linkFrame(FRAME_READY, new Uint8Array(0));
    const random = seededRandom(3);
    for (const mode of ['byte-by-byte', 'random'] as const) {
      const raw = await RawClient.open(s.port!);
      const head = encodeFrames([hello], hello.length);
      for (let i = 0; i < head.length; i++) raw.sendBytes(head.subarray(i, i + 1));
      await waitFor(() => raw.kinds().includes(FRAME_READY), 'the handshake');
      const requests: Array<{ id: string }> = [];
      const { createEnvelope } = await import('../../../runtime/envelope.js');
      const { encodeEnvelope } = await import('../../../runtime/codec/envelope-frame.js');
      const pubs = Array.from({ length: 5 }, (_, i) => {
        const envelope = createEnvelope('orders.placeOrder', undefined, { replyTo: INBOX });
        requests.push(envelope);
        return linkFrame(FRAME_PUB, encodeEnvelope(envelope, encodeUntyped({ ...order, customerId: `c-${i}` }), 'msgpack'));
      });
      const frames = [ready, sub, ...pubs];
      const stream = encodeFrames(frames, frames.reduce((n, f) => n + f.length, 0));
      let at = 0;
      while (at < stream.length) {
        const step = mode === 'byte-by-byte' ? 1 : 1 + ((random() * 40) | 0);
        raw.sendBytes(stream.subarray(at, at + step));
        at += step;
        if (at % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      for (const [i, request] of requests.entries()) expect((await raw.replyTo(request as never, PlaceOrderResponseMessage)).payload).toMatchObject({ orderId: `c-${i}` });
    }
  });
});

describe('frame-level faults (rejected with a coded answer; the connection keeps working)', () => {
  it('corrupt msgpack inside an intact PUB frame', async () => {
    const raw = await linked();
    raw.sendFrame(linkFrame(FRAME_PUB, new Uint8Array([1, 1, 0, 0, 0, 3, 0xc1, 0xc1, 0xc1])));
    await waitFor(() => raw.errors().length === 1, 'the rejection');
    expect(raw.errors()[0]).toMatchObject({ fatal: false, error: { code: 'SERIALIZATION_DECODE_FAILED' } });
    await stillWorks(raw);
  });

  it('a corrupt payload in a request gets an error reply', async () => {
    const raw = await linked();
    const request = raw.publish('orders.placeOrder', new Uint8Array([0xc1, 0xff, 0x00]), { replyTo: INBOX });
    expect(errorReply(await raw.replyTo(request)).code).toBe('SERIALIZATION_DECODE_FAILED');
    await stillWorks(raw);
  });

  it('deeply nested and hugely declared payloads get coded error replies', async () => {
    const raw = await linked();
    const deep = new Uint8Array(60_000).fill(0x91); // 60,000 nested one-element arrays
    const huge = new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff]); // an array claiming 4 billion items
    for (const payload of [deep, huge]) {
      const request = raw.publish('orders.placeOrder', payload, { replyTo: INBOX });
      expect(['SERIALIZATION_TOO_LARGE', 'SERIALIZATION_DECODE_FAILED']).toContain(errorReply(await raw.replyTo(request)).code);
    }
    await stillWorks(raw);
  });

  it('__proto__ and constructor keys change no prototype', async () => {
    const raw = await linked();
    // JSON.parse makes `__proto__` an own key, which is how a hostile encoder would send it.
    const hostile: unknown = JSON.parse(
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"customerId":"c-1",' +
        '"items":[{"sku":"ABC-1234","quantity":1,"unitPriceCents":1,"__proto__":{"polluted":"yes"}}],"shipping":{"street":"s","city":"c","country":"DE"}}',
    );
    const request = raw.publish('orders.placeOrder', encodeUntyped(hostile), { replyTo: INBOX });
    expect(errorReply(await raw.replyTo(request)).code).toBe('VALIDATION_FAILED');
    raw.subscribe(2, '__proto__.constructor');
    raw.sendFrame(linkFrame(FRAME_SUB, encodeUntyped({ __proto__: [1], constructor: 'x' })));
    await waitFor(() => raw.errors().length === 1, 'the malformed SUB to be refused');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    await stillWorks(raw);
  });

  it('an unknown frame kind', async () => {
    const raw = await linked();
    raw.sendFrame(new Uint8Array([200, 1, 2, 3]));
    raw.sendFrame(new Uint8Array(0));
    await waitFor(() => raw.errors().length === 2, 'two rejections');
    expect(raw.errors().map((e) => [e.fatal, e.error.code, e.error.details])).toEqual([
      [false, 'TRANSPORT_PROTOCOL', { kind: 200 }],
      [false, 'TRANSPORT_PROTOCOL', {}],
    ]);
    await stillWorks(raw);
  });

  it('a schema-invalid payload gets VALIDATION_FAILED with the schema path', async () => {
    const raw = await linked();
    const request = raw.publish('orders.placeOrder', { ...order, items: [{ sku: 'nope', quantity: 0, unitPriceCents: 1n }] }, { replyTo: INBOX });
    const error = errorReply(await raw.replyTo(request));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(error.details)).toMatch(/\/items\/0\/(sku|quantity)/);
    expect(JSON.stringify(error.details)).toMatch(/schemaPath/);
    await stillWorks(raw);
  });

  it('a request whose reply-to is not a topic is refused before any handler runs (found by the link fuzzer)', async () => {
    const raw = await linked();
    raw.publish('orders.placeOrder', order, { replyTo: '_INBOX.bad topic' });
    await waitFor(() => raw.errors().length === 1, 'the rejection');
    expect(raw.errors()[0]).toMatchObject({ fatal: false, error: { code: 'VALIDATION_BAD_TOPIC' } });
    await stillWorks(raw);
  });

  it('an unknown method gets TRANSPORT_NO_RESPONDERS', async () => {
    const raw = await linked();
    const request = raw.publish('orders.cancelOrder', {}, { replyTo: INBOX });
    expect(errorReply(await raw.replyTo(request))).toMatchObject({ code: 'TRANSPORT_NO_RESPONDERS', details: { subject: 'orders.cancelOrder' } });
    await stillWorks(raw);
  });

  it('malformed SUB, UNSUB, PONG and ERROR frames', async () => {
    const raw = await linked();
    raw.sendFrame(linkFrame(FRAME_SUB, encodeUntyped('not an array')));
    raw.sendFrame(linkFrame(FRAME_SUB, encodeUntyped([3, 'bad..pattern', null])));
    raw.sendFrame(linkFrame(2, encodeUntyped([])));
    raw.sendFrame(linkFrame(6, encodeUntyped(12345)));
    raw.sendFrame(linkFrame(8, encodeUntyped({ code: 1 })));
    await waitFor(() => raw.errors().length === 4, 'four rejections (an ERROR is never answered)');
    expect(raw.errors().map((e) => e.error.code)).toEqual(['TRANSPORT_PROTOCOL', 'VALIDATION_BAD_TOPIC', 'TRANSPORT_PROTOCOL', 'TRANSPORT_PROTOCOL']);
    await stillWorks(raw);
    expect(serverErrors.every((e) => !e.code.startsWith('INTERNAL'))).toBe(true);
  });
});

it('keeps serving after all of that', async () => {
  const raw = await linked();
  raw.sendFrame(new Uint8Array([77]));
  await waitFor(() => raw.errors().length === 1, 'a rejection');
  await serverIsFine();
  expect((s.sessions.size)).toBe(2);
});

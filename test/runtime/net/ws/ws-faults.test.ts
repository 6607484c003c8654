/**
 * Bad input over a real WebSocket. A message over maxPayload closes the
 * connection with 1009 (the only case that closes it); a text message or a
 * binary message that does not hold whole frames is refused with a coded,
 * non-fatal ERROR and the next valid message on the same connection works.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createOrdersClient, PlaceOrderRequestMessage, PlaceOrderResponseMessage, routes } from '../../../../generated/index.js';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { StateChange } from '../../../../runtime/net/client.js';
import { fingerprintsOf } from '../../../../runtime/net/fingerprints.js';
import type { NetServer } from '../../../../runtime/net/server.js';
import { runtime, waitFor } from '../harness.js';
import { randomBytes, seededRandom } from '../../transport/random.js';
import { RawWs } from './raw-ws.js';
import { order, ordersServer, wsClient } from './ws-harness.js';

const INBOX = '_INBOX.raw';
const MAX_PAYLOAD = 64 * 1024;
let s: NetServer;
let url: string;
let serverErrors: TypewireError[];

beforeEach(async () => {
  serverErrors = [];
  ({ s } = await ordersServer({ maxPayload: MAX_PAYLOAD, maxFrameBytes: 16 * 1024, handshakeTimeoutMs: 2000 }, serverErrors));
  url = s.addresses[0]!.url;
});

async function stillWorks(raw: RawWs): Promise<void> {
  const request = raw.request('orders.placeOrder', PlaceOrderRequestMessage.msgpack.encode(order), INBOX);
  const reply = await raw.replyTo(request);
  expect(reply.headers?.['typewire-status']).toBeUndefined();
  expect(PlaceOrderResponseMessage.msgpack.decode(reply.payload)).toMatchObject({ orderId: 'ord-1', status: 'accepted' });
}

describe('message size limit (close 1009)', () => {
  it('closes a connection whose message is over maxPayload with 1009; the server carries on', async () => {
    const raw = await RawWs.linked(url, fingerprintsOf(routes), INBOX);
    raw.ws.send(new Uint8Array(MAX_PAYLOAD + 1));
    expect(await raw.closed()).toBe(1009);
    await waitFor(() => s.sessions.size === 0, 'the session to end');

    const other = await RawWs.linked(url, fingerprintsOf(routes), INBOX);
    await stillWorks(other);
  });

  it('a typewire client that sends too much learns why: SERIALIZATION_TOO_LARGE, then reconnects', async () => {
    const c = runtime({ routes, source: 'big' });
    // maxMessageBytes above the server's maxPayload, so the oversized frame goes out instead of being split.
    const client = await wsClient(c, s, { maxMessageBytes: 1024 * 1024 });
    const changes: StateChange[] = [];
    client.onStateChange((change) => changes.push(change));
    const disconnects: Array<TypewireError | undefined> = [];
    s.onDisconnect((_session, reason) => disconnects.push(reason));

    const orders = createOrdersClient(c);
    const big = orders.placeOrder({ ...order, shipping: { ...order.shipping, street: 'x'.repeat(MAX_PAYLOAD) } }, { timeoutMs: 300 }).catch((e: unknown) => e);
    await waitFor(() => changes.some((change) => change.state === 'disconnected'), 'the client to be disconnected');
    expect(changes.find((change) => change.state === 'disconnected')!.reason).toMatchObject({
      code: 'SERIALIZATION_TOO_LARGE',
      details: { reason: 'frame-too-large', closeCode: 1009 },
    });
    expect(disconnects[0]).toMatchObject({ code: 'SERIALIZATION_TOO_LARGE', details: { maxBytes: MAX_PAYLOAD } });

    await waitFor(() => client.state === 'connected', 'the client to reconnect');
    expect(await orders.placeOrder(order)).toMatchObject({ status: 'accepted' });
    // Written to a connection that then died: lost (at most once), so the call times out.
    expect(await big).toMatchObject({ code: 'TIMEOUT_REQUEST' });
  });

  it('refuses a frame over maxFrameBytes inside a message under maxPayload, and keeps the connection', async () => {
    const raw = await RawWs.linked(url, fingerprintsOf(routes), INBOX);
    raw.sendFrames([new Uint8Array(16 * 1024 + 1)]);
    await waitFor(() => raw.errors().length === 1, 'the refusal');
    expect(raw.errors()[0]).toMatchObject({ fatal: false, error: { code: 'SERIALIZATION_TOO_LARGE', details: { size: 16 * 1024 + 1 } } });
    await stillWorks(raw);
  });
});

describe('messages that are not typewire batches (refused, connection kept)', () => {
  it('a text message', async () => {
    const raw = await RawWs.linked(url, fingerprintsOf(routes), INBOX);
    raw.ws.send('{"hello":"world"}');
    raw.ws.send(Buffer.from([0xff, 0xfe, 0x80]), { binary: false }); // not even UTF-8
    await waitFor(() => raw.errors().length === 2, 'two refusals');
    for (const refusal of raw.errors()) {
      expect(refusal).toMatchObject({ fatal: false, error: { code: 'TRANSPORT_PROTOCOL', details: { reason: 'text-message' } } });
    }
    await stillWorks(raw);
    expect(raw.closeCode).toBeUndefined();
  });

  it('garbage binary: random bytes, truncated frames, an empty message', async () => {
    const raw = await RawWs.linked(url, fingerprintsOf(routes), INBOX);
    const random = seededRandom(7);
    const sent = [randomBytes(random, 300), new Uint8Array([0, 0, 0, 50, 3, 1, 2]), new Uint8Array([0, 0]), new Uint8Array(0)];
    for (const message of sent) raw.ws.send(message);
    await waitFor(() => raw.errors().length >= sent.length, 'a refusal for each');
    for (const refusal of raw.errors()) {
      expect(refusal.fatal).toBe(false);
      expect(['TRANSPORT_PROTOCOL', 'SERIALIZATION_TOO_LARGE']).toContain(refusal.error.code);
    }
    await stillWorks(raw);
  });

  it('random binary messages that happen to frame correctly go to the link, which refuses them frame by frame', async () => {
    const raw = await RawWs.linked(url, fingerprintsOf(routes), INBOX);
    const random = seededRandom(11);
    for (let i = 0; i < 50; i++) raw.sendFrames([randomBytes(random, 1 + (i % 40))]);
    await stillWorks(raw);
    expect(raw.closeCode).toBeUndefined();
  });

  it('garbage before the handshake is a handshake violation: a fatal ERROR, then close', async () => {
    const raw = await RawWs.open(url);
    raw.sendFrames([new Uint8Array([3, 1, 2, 3])]);
    expect(await raw.closed()).toBe(1002);
    expect(raw.errors().at(-1)).toMatchObject({ fatal: true, error: { code: 'TRANSPORT_PROTOCOL', details: { reason: 'handshake-violation' } } });
  });
});

describe('negotiation', () => {
  it('turns permessage-deflate down by default, even when the client offers it', async () => {
    const raw = await RawWs.open(url, { perMessageDeflate: true });
    expect(raw.ws.extensions).toBe('');
  });

  it('closes a refused handshake with a policy close code after the coded reason', async () => {
    const raw = await RawWs.open(url);
    const { encodeHello, PROTOCOL_VERSION } = await import('../../../../runtime/net/hello.js');
    const wrong = new Map([...fingerprintsOf(routes)].map(([name]) => [name, 'different'] as const));
    raw.sendFrames([encodeHello({ role: 'client', protocol: PROTOCOL_VERSION, codec: 'msgpack', clientId: 'raw', fingerprints: wrong })]);
    expect(await raw.closed()).toBe(1008);
    const refusal = raw.errors().at(-1)!;
    expect(refusal).toMatchObject({ fatal: true, error: { code: 'TRANSPORT_SCHEMA_MISMATCH' } });
  });
});

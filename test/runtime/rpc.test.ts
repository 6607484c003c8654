import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../runtime/rpc/create-client.js';
import { defineService } from '../../runtime/rpc/define-service.js';
import { isDeclaredError } from '../../runtime/rpc/declared-error.js';
import { createRuntime, type Runtime } from '../../runtime/runtime.js';
import { createInProcessPair } from '../../runtime/transport/in-process.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import type { CodecName } from '../../runtime/codec/codec.js';
import { ShopService, type Order } from './fixtures/shop.js';

const quiet = { onError: () => undefined };
const open: Runtime[] = [];
function runtime(options: Parameters<typeof createRuntime>[0] = {}): Runtime {
  const r = createRuntime({ ...quiet, ...options });
  open.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

const shop = (placedLog: string[] = []) =>
  defineService(ShopService, {
    async place(order, ctx) {
      if (order.sku === 'GONE') ctx.fail('OUT_OF_STOCK', { sku: order.sku, available: 0 });
      if (order.sku === 'CLOSED') ctx.fail('CLOSED', 'the shop is closed');
      if (order.sku === 'THROW') throw new Error('database on fire');
      await ctx.emit('placed', { orderId: `o-${order.sku}` });
      return { orderId: `o-${order.sku}`, cents: order.cents * BigInt(order.quantity) };
    },
    subscriptions: {
      anyOrder(payload, ctx) {
        placedLog.push(`${ctx.topic}:${payload.orderId}`);
      },
    },
  });

const order: Order = { sku: 'ABC', quantity: 3, cents: 9_007_199_254_740_993n };

async function linked(codec: CodecName, clientOptions: Parameters<typeof createRuntime>[0] = {}): Promise<{ server: Runtime; client: Runtime }> {
  const server = runtime({ source: 'server', codec });
  const client = runtime({ source: 'client', codec, ...clientOptions });
  server.serve(shop());
  const [a, b] = createInProcessPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  return { server, client };
}

describe('request/reply in one runtime', () => {
  it('returns the typed response, bigint intact', async () => {
    const r = runtime();
    r.serve(shop());
    const reply = await createClient(r, ShopService).place(order);
    expect(reply).toEqual({ orderId: 'o-ABC', cents: 27_021_597_764_222_979n });
  });

  it('rejects an invalid request before it leaves when outbound validation is on', async () => {
    const r = runtime({ validateOutbound: true });
    r.serve(shop());
    const error = await createClient(r, ShopService)
      .place({ ...order, quantity: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypewireError);
    expect((error as TypewireError).code).toBe('VALIDATION_FAILED');
    expect((error as TypewireError).details).toMatchObject({ direction: 'outbound', errors: [{ path: '/quantity', schemaPath: '#/properties/quantity/minimum' }] });
  });

  it('fails fast with TRANSPORT_NO_RESPONDERS when nothing serves the method', async () => {
    const error = await createClient(runtime(), ShopService).place(order).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('TRANSPORT_NO_RESPONDERS');
  });

  it('times out with TIMEOUT_REQUEST', async () => {
    const r = runtime();
    r.bus.subscribe('shop.place', () => undefined);
    const error = await r.call(ShopService.methods.place, order, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('TIMEOUT_REQUEST');
    expect((error as TypewireError).details).toEqual({ subject: 'shop.place', timeoutMs: 20 });
  });

  it('rejects pending calls with TRANSPORT_CLOSED when the runtime closes', async () => {
    const r = createRuntime(quiet);
    r.bus.subscribe('shop.place', () => undefined);
    const pending = r.call(ShopService.methods.place, order).catch((e: unknown) => e);
    await r.close();
    expect(((await pending) as TypewireError).code).toBe('TRANSPORT_CLOSED');
  });

  it('requires a handler for every method and subscription', () => {
    // @ts-expect-error the subscriptions handlers are missing
    expect(() => defineService(ShopService, { place: async () => ({ orderId: 'x', cents: 1n }) })).toThrow(/subscriptions\.anyOrder/);
  });
});

describe.each(['msgpack', 'json'] as const)('across an in-process link (%s)', (codec) => {
  it('calls a method on the other runtime', async () => {
    const { client } = await linked(codec);
    expect(await createClient(client, ShopService).place(order)).toEqual({ orderId: 'o-ABC', cents: 27_021_597_764_222_979n });
    expect(client.stats().sentRemote).toBeGreaterThan(0);
    expect(client.stats().receivedRemote).toBeGreaterThan(0);
  });

  it('delivers a declared error with typed details', async () => {
    const { client } = await linked(codec);
    const error = await createClient(client, ShopService)
      .place({ ...order, sku: 'GONE' })
      .catch((e: unknown) => e);
    expect(isDeclaredError(ShopService.methods.place, error)).toBe(true);
    if (isDeclaredError(ShopService.methods.place, error) && error.code === 'OUT_OF_STOCK') {
      expect(error.details.available).toBe(0);
      expect(error.retryable).toBe(true);
      expect(error.stack).toContain('rpc.test');
    }
  });

  it('delivers a declared error without details, and wraps unknown throws', async () => {
    const { client } = await linked(codec);
    const c = createClient(client, ShopService);
    const closed = (await c.place({ ...order, sku: 'CLOSED' }).catch((e: unknown) => e)) as TypewireError;
    expect([closed.code, closed.message, closed.retryable]).toEqual(['CLOSED', 'the shop is closed', false]);
    const thrown = (await c.place({ ...order, sku: 'THROW' }).catch((e: unknown) => e)) as TypewireError;
    expect(thrown.code).toBe('INTERNAL_HANDLER_FAILED');
  });

  it('validates inbound requests on the server and keeps the link working', async () => {
    const { client } = await linked(codec, { validateOutbound: false });
    const c = createClient(client, ShopService);
    const bad = (await c.place({ ...order, quantity: 0 }).catch((e: unknown) => e)) as TypewireError;
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.details).toMatchObject({ direction: 'inbound', message: 'Order', errors: [{ path: '/quantity' }] });
    expect(await c.place(order)).toMatchObject({ orderId: 'o-ABC' });
  });

  it('delivers events to subscribers on the other side, validated', async () => {
    const { client } = await linked(codec);
    const received: string[] = [];
    const c = createClient(client, ShopService);
    c.events.placed.subscribe((event) => {
      received.push(event.orderId);
    });
    await client.flush();
    await c.place(order);
    await client.flush();
    expect(received).toEqual(['o-ABC']);
  });
});

describe('subscriptions', () => {
  it('delivers every event matching a wildcard pattern to the service handler, typed by topic', async () => {
    const log: string[] = [];
    const r = runtime();
    r.serve(shop(log));
    const c = createClient(r, ShopService);
    await c.events.placed.publish({ orderId: 'a' });
    await c.events.shipped.publish({ orderId: 'b' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['shop.order.placed:a', 'shop.order.shipped:b']);
  });

  it('refuses to publish an invalid event', async () => {
    const r = runtime({ validateOutbound: true });
    // @ts-expect-error orderId must be a string
    const error = await createClient(r, ShopService).events.placed.publish({ orderId: 5 }).catch((e: unknown) => e);
    expect((error as TypewireError).code).toBe('VALIDATION_FAILED');
  });
});

describe('links', () => {
  it('sends an envelope once even when several peer subscriptions match it', async () => {
    const log: string[] = [];
    const server = runtime();
    server.serve(shop(log));
    const direct: string[] = [];
    server.subscribe(ShopService.events.placed, (e) => {
      direct.push(e.orderId);
    });
    const client = runtime();
    const [a, b] = createInProcessPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    await createClient(client, ShopService).events.placed.publish({ orderId: 'once' });
    await client.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['shop.order.placed:once']);
    expect(direct).toEqual(['once']);
    expect(client.stats().sentRemote).toBe(1);
  });

  it('stops forwarding after the peer unsubscribes', async () => {
    const server = runtime();
    const client = runtime();
    const [a, b] = createInProcessPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    const seen: string[] = [];
    const sub = server.subscribe(ShopService.events.placed, (e) => {
      seen.push(e.orderId);
    });
    await server.flush();
    const events = createClient(client, ShopService).events.placed;
    await events.publish({ orderId: 'before' });
    await client.flush();
    sub.unsubscribe();
    await server.flush();
    await events.publish({ orderId: 'after' });
    await client.flush();
    expect(seen).toEqual(['before']);
    expect(client.stats().dropped).toBe(1);
  });
});

describe('service host robustness', () => {
  it('reports, and survives, a request whose reply subject the bus refuses', async () => {
    const errors: string[] = [];
    const r = createRuntime({ onError: (_e, context) => errors.push(context) });
    open.push(r);
    r.serve(shop());
    r.bus.publish({ id: 'bad-reply', type: 'shop.place', replyTo: 'no..topic', timestamp: Date.now(), payload: order });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors).toEqual(['shop.place reply to no..topic could not be sent']);
    expect(await createClient(r, ShopService).place(order)).toMatchObject({ orderId: 'o-ABC' });
  });
});

/**
 * The generated orders client and service over WebSocket, as over TCP: a
 * call, an event, a typed error; a shared HTTP server; batching.
 */
import { createServer as createHttpServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createOrdersClient, OrdersService, routes, type OrderPlaced } from '../../../../generated/index.js';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { isDeclaredError } from '../../../../runtime/rpc/declared-error.js';
import { FRAME_PUB } from '../../../../runtime/transport/frame-kinds.js';
import { fingerprintsOf } from '../../../../runtime/net/fingerprints.js';
import { onCleanup, runtime, waitFor } from '../harness.js';
import { RawWs } from './raw-ws.js';
import { order, ordersServer, serveOrders, wsClient, wsServer } from './ws-harness.js';

describe.each(['msgpack', 'json'] as const)('generated clients over WebSocket (%s)', (codec) => {
  it('calls a method, receives the event and a typed error', async () => {
    const { s } = await ordersServer();
    expect(s.addresses[0]!.url).toBe(`ws://127.0.0.1:${s.port}/typewire`);
    const clientRuntime = runtime({ source: 'client', routes, codec });
    const c = await wsClient(clientRuntime, s);
    expect(c.state).toBe('connected');
    const orders = createOrdersClient(clientRuntime);

    const placed: OrderPlaced[] = [];
    orders.events.orderPlaced.subscribe((event) => {
      placed.push(event);
    });
    await clientRuntime.flush();

    expect(await orders.placeOrder(order)).toEqual({ orderId: 'ord-1', status: 'accepted', totalCents: 18_014_398_509_481_986n });
    await waitFor(() => placed.length === 1, 'the orderPlaced event');
    expect(placed[0]).toMatchObject({ orderId: 'ord-1', totalCents: 18_014_398_509_481_986n });

    const error = await orders.placeOrder({ ...order, items: [{ sku: 'ABC-1234', quantity: 11, unitPriceCents: 1n }] }).catch((e: unknown) => e);
    expect(isDeclaredError(OrdersService.methods.placeOrder, error)).toBe(true);
    expect((error as TypewireError).details).toEqual({ sku: 'ABC-1234', requested: 11, available: 10 });

    const notFound = await orders.getOrder({ orderId: 'nope' }).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ code: 'ORDER_NOT_FOUND' });

    const session = [...s.sessions.values()][0]!;
    expect(session.clientId).toMatch(/^client-/);
    expect(session.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(clientRuntime.stats().sentRemote).toBe(3);
  });
});

describe('WebSocket server placement', () => {
  it('attaches to an existing HTTP server: only its path is taken, other requests stay the application’s', async () => {
    const http = createHttpServer((_request, response) => response.end('app'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    onCleanup(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const port = (http.address() as { port: number }).port;
    const serverRuntime = runtime({ source: 'server', routes });
    serveOrders(serverRuntime);
    const s = await wsServer(serverRuntime, { server: http, path: '/rpc' });
    expect(s.addresses[0]!.url).toBe(`ws://127.0.0.1:${port}/rpc`);

    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('app');
    const wrongPath = await RawWs.open(`ws://127.0.0.1:${port}/typewire`).catch((e: unknown) => e);
    expect(String(wrongPath)).toMatch(/404/);

    const clientRuntime = runtime({ source: 'client', routes });
    await wsClient(clientRuntime, port, { path: '/rpc' });
    expect(await createOrdersClient(clientRuntime).placeOrder(order)).toMatchObject({ status: 'accepted' });

    // Closing the typewire server leaves the application's HTTP server running.
    await s.close({ drainMs: 100 });
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('app');
  });

  it('a graceful close says why in a fatal ERROR, then closes with 1001 (going away)', async () => {
    const { s } = await ordersServer();
    const raw = await RawWs.linked(s.addresses[0]!.url, fingerprintsOf(routes), '_INBOX.raw');
    await waitFor(() => s.sessions.size === 1, 'the raw session');
    await s.close({ drainMs: 100 });
    expect(await raw.closed()).toBe(1001);
    expect(raw.errors().at(-1)).toMatchObject({ fatal: true, error: { code: 'TRANSPORT_CLOSED', details: { reason: 'server-closing' } } });
  });

  it('answers plain HTTP on its own port with 426 Upgrade Required', async () => {
    const { s } = await ordersServer();
    const response = await fetch(`http://127.0.0.1:${s.port}/typewire`);
    expect(response.status).toBe(426);
  });

  it('refuses to listen on a port in use with TRANSPORT_LISTEN_FAILED', async () => {
    const { s } = await ordersServer();
    const error = await wsServer(runtime({ routes }), { port: s.port! }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TRANSPORT_LISTEN_FAILED' });
  });
});

describe('batching over WebSocket', () => {
  it('sends everything queued in one event-loop turn as one message, split at maxMessageBytes', async () => {
    const { s } = await ordersServer({ maxMessageBytes: 4096 });
    const raw = await RawWs.linked(s.addresses[0]!.url, fingerprintsOf(routes), '_INBOX.raw');
    await waitFor(() => s.sessions.size === 1, 'the raw session');
    const before = raw.messages.length;
    for (let i = 0; i < 100; i++) s.broadcast('demo.tick', { i, pad: 'x'.repeat(10) });
    await waitFor(() => raw.frames().filter((f) => f[0] === FRAME_PUB).length === 100, 'all 100 events');
    const batches = raw.messages.slice(before);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(10);
    expect(batches.flat()).toHaveLength(100);

    const many = raw.messages.length;
    for (let i = 0; i < 20; i++) s.broadcast('demo.tick', { i });
    await waitFor(() => raw.messages.length > many, 'the next batch');
    await new Promise((resolve) => setImmediate(resolve));
    expect(raw.messages.slice(many)).toHaveLength(1);
    expect(raw.messages.at(-1)).toHaveLength(20);
  });
});

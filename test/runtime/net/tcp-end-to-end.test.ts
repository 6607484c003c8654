import { describe, expect, it } from 'vitest';
import { createOrdersClient, OrdersService, routes, type OrderPlaced } from '../../../generated/index.js';
import { order, serveOrders } from './orders-fixture.js';
import { isDeclaredError } from '../../../runtime/rpc/declared-error.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import type { Runtime } from '../../../runtime/runtime.js';
import { client, runtime, server, waitFor } from './harness.js';


describe.each(['msgpack', 'json'] as const)('generated clients over TCP (%s)', (codec) => {
  it('calls a method, receives the event and a typed error', async () => {
    const serverRuntime = runtime({ source: 'server', routes });
    serveOrders(serverRuntime);
    const s = await server(serverRuntime);
    const clientRuntime = runtime({ source: 'client', routes, codec });
    const c = await client(clientRuntime, s);
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

    const session = [...s.sessions.values()][0]!;
    expect(session.clientId).toMatch(/^client-/);
    expect(session.stats.framesIn).toBeGreaterThan(2);
    expect(clientRuntime.stats().sentRemote).toBe(2);
    expect(clientRuntime.stats().receivedRemote).toBe(3);
  });
});

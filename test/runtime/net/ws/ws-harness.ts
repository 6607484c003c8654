/**
 * WebSocket servers and clients for tests, closed after each test (through
 * the shared network harness), and the orders service they serve.
 */
import { defineOrdersService, routes, type PlaceOrderRequest } from '../../../../generated/index.js';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { NetClient } from '../../../../runtime/net/client.js';
import type { NetServer } from '../../../../runtime/net/server.js';
import { connectWs, createWsServer, type WsClientOptions, type WsServerOptions } from '../../../../runtime/net/ws/ws.js';
import type { Runtime } from '../../../../runtime/runtime.js';
import { onCleanup, runtime, track } from '../harness.js';

export const order: PlaceOrderRequest = {
  customerId: 'c-1',
  items: [{ sku: 'ABC-1234', quantity: 2, unitPriceCents: 9_007_199_254_740_993n }],
  shipping: { street: '1 Long Street', city: 'Berlin', country: 'DE' },
};

export function serveOrders(r: Runtime): void {
  r.serve(
    defineOrdersService({
      async placeOrder(request, ctx) {
        const line = request.items[0]!;
        if (line.quantity > 10) ctx.fail('OUT_OF_STOCK', { sku: line.sku, requested: line.quantity, available: 10 });
        const totalCents = line.unitPriceCents * BigInt(line.quantity);
        await ctx.emit('orderPlaced', { orderId: 'ord-1', customerId: request.customerId, totalCents, lines: 1, placedAt: '2024-01-01T00:00:00Z' });
        return { orderId: 'ord-1', status: 'accepted', totalCents };
      },
      async getOrder(request, ctx) {
        return ctx.fail('ORDER_NOT_FOUND', `no order ${request.orderId}`);
      },
    }),
  );
}

export async function wsServer(r: Runtime, options: WsServerOptions = {}, errors: TypewireError[] = []): Promise<NetServer> {
  const s = await createWsServer(r, { port: 0, onError: (error) => errors.push(error), ...options });
  onCleanup(() => s.terminate());
  return s;
}

/** A server runtime hosting the orders service, and its ws server. */
export async function ordersServer(options: WsServerOptions = {}, errors: TypewireError[] = []): Promise<{ r: Runtime; s: NetServer }> {
  const r = runtime({ source: 'server', routes });
  serveOrders(r);
  return { r, s: await wsServer(r, options, errors) };
}

export async function wsClient(r: Runtime, s: NetServer | number, options: WsClientOptions = {}): Promise<NetClient> {
  const port = typeof s === 'number' ? s : s.port;
  return track(await connectWs(r, { port, reconnect: { initialMs: 10, maxMs: 100 }, onError: () => undefined, ...options }));
}

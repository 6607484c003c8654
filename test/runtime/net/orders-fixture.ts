/**
 * The example orders service as network tests serve it: one order that
 * succeeds, OUT_OF_STOCK past ten units, ORDER_NOT_FOUND for every lookup.
 */
import { defineOrdersService, type PlaceOrderRequest } from '../../../generated/index.js';
import type { Runtime } from '../../../runtime/runtime.js';

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

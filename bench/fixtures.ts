/**
 * Realistic example messages for the benchmarks: what a web shop's checkout
 * sends, not a toy `{ a: 1 }`, so sizes and costs resemble real traffic.
 */
import type { PlaceOrderRequest } from '../generated/messages/place-order-request.js';

/** A three-line order; prices are int64 cents, hence bigint. A fresh object each call. */
export function placeOrderRequest(): PlaceOrderRequest {
  return {
    customerId: 'cus_7Hq2LxP9aZ41',
    items: [
      { sku: 'KBD-1042', quantity: 1, unitPriceCents: 12_999n },
      { sku: 'MSE-2210', quantity: 2, unitPriceCents: 4_599n },
      { sku: 'CBL-0007', quantity: 3, unitPriceCents: 899n },
    ],
    coupon: 'SPRING-10',
    shipping: { street: '221B Baker Street', city: 'London', country: 'GB' },
  };
}

/** Orders the schema must refuse, each for one reason, to check that both validators agree. */
export function invalidPlaceOrderRequests(): ReadonlyArray<{ readonly reason: string; readonly value: unknown }> {
  const order = placeOrderRequest();
  return [
    { reason: 'no items', value: { ...order, items: [] } },
    { reason: 'lowercase country', value: { ...order, shipping: { ...order.shipping, country: 'gb' } } },
    { reason: 'bad sku', value: { ...order, items: [{ ...order.items[0]!, sku: 'kbd-1042' }] } },
    { reason: 'zero quantity', value: { ...order, items: [{ ...order.items[0]!, quantity: 0 }] } },
    { reason: 'unknown property', value: { ...order, giftWrap: true } },
    { reason: 'missing customer', value: { items: order.items, shipping: order.shipping } },
  ];
}

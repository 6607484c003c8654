/**
 * The script of the test page (bundled by esbuild for the browser platform):
 * a generated orders client over the browser's WebSocket, imported the way an
 * application would: the browser entry (runtime/browser.ts, `typewire/browser`
 * once package.json maps it) and the generated code.
 */
import { connectBrowserWs, createRuntime, isDeclaredError, isTypewireError } from '../../runtime/browser.js';
import { createOrdersClient, OrdersService, routes, type OrderPlaced, type PlaceOrderRequest } from '../../generated/index.js';

const order: PlaceOrderRequest = {
  customerId: 'browser-1',
  items: [{ sku: 'ABC-1234', quantity: 2, unitPriceCents: 9_007_199_254_740_993n }],
  shipping: { street: '1 Long Street', city: 'Berlin', country: 'DE' },
};

function describeError(error: unknown) {
  return {
    isTypewireError: isTypewireError(error),
    isDeclared: isDeclaredError(OrdersService.methods.placeOrder, error),
    code: (error as { code?: unknown }).code,
    details: JSON.parse(JSON.stringify((error as { details?: unknown }).details ?? null)) as unknown,
  };
}

async function run(url: string) {
  // Outbound validation off, so the bad request reaches the server and is refused there.
  const runtime = createRuntime({ source: 'browser', routes, validateOutbound: false });
  const client = await connectBrowserWs(runtime, { url, reconnect: false });
  const orders = createOrdersClient(runtime);
  const events: OrderPlaced[] = [];
  orders.events.orderPlaced.subscribe((event) => {
    events.push(event);
  });
  await runtime.flush();

  const reply = await orders.placeOrder(order);
  for (let i = 0; i < 500 && events.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const declared = await orders.placeOrder({ ...order, items: [{ sku: 'ABC-1234', quantity: 11, unitPriceCents: 1n }] }).catch((e: unknown) => e);
  const invalid = await orders.placeOrder({ ...order, customerId: '' }).catch((e: unknown) => e);
  const result = {
    state: client.state,
    secureContext: (globalThis as { isSecureContext?: boolean }).isSecureContext,
    reply: { ...reply, totalCents: String(reply.totalCents) },
    events: events.map((e) => ({ orderId: e.orderId, totalCents: String(e.totalCents) })),
    declared: describeError(declared),
    invalid: describeError(invalid),
  };
  await client.close();
  await runtime.close();
  return result;
}

(globalThis as { typewireTest?: unknown }).typewireTest = { run };

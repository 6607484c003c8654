import { afterEach, describe, expect, it } from 'vitest';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { createClient } from '../../../runtime/rpc/create-client.js';
import { isDeclaredError } from '../../../runtime/rpc/declared-error.js';
import { defineService } from '../../../runtime/rpc/define-service.js';
import { createRuntime, type Runtime } from '../../../runtime/runtime.js';
import { createInProcessPair } from '../../../runtime/transport/in-process.js';
import { ShopService, type Order, type Receipt } from '../fixtures/shop.js';

const order: Order = { sku: 'ABC', quantity: 2, cents: 5n };
const open: Runtime[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function runtime(errors: unknown[] = []): Runtime {
  const r = createRuntime({ onError: (error) => errors.push(error), validateOutbound: true });
  open.push(r);
  return r;
}

/** Handlers that return plain values (no promise): answered synchronously by the host. */
const syncShop = defineService(ShopService, {
  place: (request, ctx) => {
    if (request.sku === 'GONE') ctx.fail('OUT_OF_STOCK', { sku: request.sku, available: 0 });
    if (request.sku === 'THROW') throw new Error('database on fire');
    // A reply that breaks the schema (orderId must be a string), as untyped code could return.
    if (request.sku === 'BAD') return { orderId: 7, cents: 1n } as unknown as Receipt;
    return { orderId: `o-${request.sku}`, cents: request.cents * BigInt(request.quantity) };
  },
  subscriptions: { anyOrder: () => undefined },
});

describe('service host, handlers that return plain values', () => {
  it('answers in process and over a link, like an async handler', async () => {
    const server = runtime();
    server.serve(syncShop);
    expect(await createClient(server, ShopService).place(order)).toEqual({ orderId: 'o-ABC', cents: 10n });
    const client = runtime();
    const [a, b] = createInProcessPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    expect(await createClient(client, ShopService).place(order)).toEqual({ orderId: 'o-ABC', cents: 10n });
  });

  it('turns ctx.fail, a throw and an invalid reply into error replies with their codes', async () => {
    const errors: unknown[] = [];
    const server = runtime(errors);
    server.serve(syncShop);
    const shop = createClient(server, ShopService);
    const gone = await shop.place({ ...order, sku: 'GONE' }).catch((e: unknown) => e);
    expect(isDeclaredError(ShopService.methods.place, gone) && gone.code).toBe('OUT_OF_STOCK');
    expect(((await shop.place({ ...order, sku: 'THROW' }).catch((e: unknown) => e)) as TypewireError).code).toBe('INTERNAL_HANDLER_FAILED');
    expect(((await shop.place({ ...order, sku: 'BAD' }).catch((e: unknown) => e)) as TypewireError).code).toBe('VALIDATION_FAILED');
    expect(errors).toHaveLength(1); // only the unexpected throw is reported
  });
});

describe('service host close', () => {
  it('waits for handlers still running, then resolves', async () => {
    const server = runtime();
    let release: () => void = () => undefined;
    const handle = server.serve(
      defineService(ShopService, {
        place: async (request) => {
          await new Promise<void>((resolve) => (release = resolve));
          return { orderId: request.sku, cents: request.cents };
        },
        subscriptions: { anyOrder: () => undefined },
      }),
    );
    const call = createClient(server, ShopService).place(order);
    await new Promise((resolve) => setImmediate(resolve));
    let closed = false;
    const closing = handle.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(closed).toBe(true);
    expect(await call).toEqual({ orderId: 'ABC', cents: 5n });
  });

  it('resolves at once when nothing is running', async () => {
    const server = runtime();
    const handle = server.serve(syncShop);
    await createClient(server, ShopService).place(order);
    await handle.close();
  });
});

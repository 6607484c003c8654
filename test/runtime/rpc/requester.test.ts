import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../runtime/bus/bus.js';
import type { Envelope } from '../../../runtime/envelope.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { Interest } from '../../../runtime/internal/interest.js';
import { createClient } from '../../../runtime/rpc/create-client.js';
import { defineService } from '../../../runtime/rpc/define-service.js';
import { Requester } from '../../../runtime/rpc/requester.js';
import { createRuntime, type Runtime } from '../../../runtime/runtime.js';
import { ShopService, type Order } from '../fixtures/shop.js';

const order: Order = { sku: 'ABC', quantity: 1, cents: 5n };
const open: Runtime[] = [];
const releases: Array<() => void> = [];
afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** A runtime serving `shop.place`: SLOW orders wait for the test to release them; the envelopes it saw are kept. */
function slowShop(): { runtime: Runtime; seen: Envelope[] } {
  const runtime = createRuntime({ onError: () => undefined });
  open.push(runtime);
  const seen: Envelope[] = [];
  runtime.serve(
    defineService(ShopService, {
      place: async (request, ctx) => {
        seen.push(ctx.envelope);
        if (request.sku === 'SLOW') await new Promise<void>((resolve) => releases.push(resolve));
        return { orderId: request.sku, cents: request.cents };
      },
      subscriptions: { anyOrder: () => undefined },
    }),
  );
  return { runtime, seen };
}

describe('requester', () => {
  it('refuses at once a call whose signal is already aborted, with the reason as cause', async () => {
    const { runtime, seen } = slowShop();
    const controller = new AbortController();
    controller.abort('changed my mind');
    const error = (await createClient(runtime, ShopService).place(order, { signal: controller.signal }).catch((e: unknown) => e)) as TypewireError;
    expect(error.code).toBe('TRANSPORT_CLOSED');
    expect(error.cause).toBe('changed my mind');
    expect(seen).toEqual([]);
  });

  it('rejects a pending call when its signal aborts, and drops the reply that comes later', async () => {
    const { runtime } = slowShop();
    const controller = new AbortController();
    const call = createClient(runtime, ShopService).place({ ...order, sku: 'SLOW' }, { signal: controller.signal });
    controller.abort();
    expect(((await call.catch((e: unknown) => e)) as TypewireError).code).toBe('TRANSPORT_CLOSED');
    releases.splice(0).forEach((release) => release());
    // The runtime keeps working after the late reply is dropped.
    expect(await createClient(runtime, ShopService).place(order)).toEqual({ orderId: 'ABC', cents: 5n });
  });

  it('times out calls with different timeouts independently, the shorter first', async () => {
    const { runtime } = slowShop();
    const shop = createClient(runtime, ShopService);
    const finished: string[] = [];
    const track = (name: string, call: Promise<unknown>) =>
      call.then(
        () => finished.push(`${name}:ok`),
        (e: TypewireError) => finished.push(`${name}:${e.code}:${JSON.stringify(e.details)}`),
      );
    await Promise.all([
      track('long', shop.place({ ...order, sku: 'SLOW' }, { timeoutMs: 150 })),
      track('short', shop.place({ ...order, sku: 'SLOW' }, { timeoutMs: 20 })),
      track('quick', shop.place(order, { timeoutMs: 10_000 })),
    ]);
    expect(finished).toEqual([
      'quick:ok',
      'short:TIMEOUT_REQUEST:{"subject":"shop.place","timeoutMs":20}',
      'long:TIMEOUT_REQUEST:{"subject":"shop.place","timeoutMs":150}',
    ]);
  });

  it('carries call headers on the request envelope', async () => {
    const { runtime, seen } = slowShop();
    await createClient(runtime, ShopService).place(order, { headers: { tenant: 't-1' } });
    expect(seen[0]?.headers).toEqual({ tenant: 't-1' });
    expect(seen[0]?.replyTo).toMatch(/^_INBOX\./);
  });

  it('still times out a call whose caller-chosen id a later call reuses', async () => {
    const bus = new Bus({ onHandlerError: () => undefined });
    const requester = new Requester(bus, new Interest(), { source: 't', validateOutbound: false, callerStacks: false });
    bus.subscribe('shop.place', () => undefined); // receives, never answers
    const method = ShopService.methods.place;
    const first = requester.call(method, order, { timeoutMs: 20 }, { id: 'same' }).catch((e: TypewireError) => e.code);
    const second = requester.call(method, order, { timeoutMs: 20 }, { id: 'same' }).catch((e: TypewireError) => e.code);
    expect(await Promise.all([first, second])).toEqual(['TIMEOUT_REQUEST', 'TIMEOUT_REQUEST']);
    requester.close();
  });

  it('rejects every pending call with TRANSPORT_CLOSED when closed, whatever its timeout', async () => {
    const bus = new Bus({ onHandlerError: () => undefined });
    const requester = new Requester(bus, new Interest(), { source: 't', validateOutbound: false, callerStacks: false });
    bus.subscribe('shop.place', () => undefined);
    const calls = [20, 60_000].map((timeoutMs) => requester.call(ShopService.methods.place, order, { timeoutMs }).catch((e: TypewireError) => e.code));
    requester.close();
    expect(await Promise.all(calls)).toEqual(['TRANSPORT_CLOSED', 'TRANSPORT_CLOSED']);
  });
});

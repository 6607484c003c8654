import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../runtime/rpc/create-client.js';
import { defineService } from '../../runtime/rpc/define-service.js';
import { createRuntime, type Runtime } from '../../runtime/runtime.js';
import { createInProcessPair } from '../../runtime/transport/in-process.js';
import type { TypewireError } from '../../runtime/errors/typewire-error.js';
import type { Envelope } from '../../runtime/envelope.js';
import { ShopService, type Task } from './fixtures/shop.js';

const open: Runtime[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function servedShop(): Runtime {
  const r = createRuntime({ onError: () => undefined });
  open.push(r);
  r.serve(
    defineService(ShopService, {
      place: async () => ({ orderId: 'x', cents: 0n }),
      subscriptions: { anyOrder: () => undefined },
    }),
  );
  return r;
}

function waitFor<T>(items: T[], count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      if (items.length >= count) resolve();
      else if (Date.now() - started > 5000) reject(new Error(`waited for ${count} items, have ${items.length}`));
      else setTimeout(poll, 2);
    };
    poll();
  });
}

describe('in-memory queues', () => {
  it('delivers in priority order, then arrival order', async () => {
    const r = servedShop();
    const tasks = createClient(r, ShopService).queues.tasks;
    await tasks.send({ orderId: 'low' }, { priority: 0 });
    await tasks.send({ orderId: 'high' }, { priority: 2 });
    await tasks.send({ orderId: 'mid' }, { priority: 1 });
    await tasks.send({ orderId: 'high-2' }, { priority: 2 });
    const seen: string[] = [];
    const consumer = tasks.consume((task) => {
      seen.push(task.orderId);
    });
    await waitFor(seen, 4);
    await consumer.close();
    expect(seen).toEqual(['high', 'high-2', 'mid', 'low']);
  });

  it('retries a failing message, then dead-letters it with the reason after exactly maxRetries', async () => {
    const r = servedShop();
    const shop = createClient(r, ShopService);
    const attempts: number[] = [];
    const dead: Envelope<Task>[] = [];
    const consumer = shop.queues.tasks.consume((_task, { attempt }) => {
      attempts.push(attempt);
      throw new Error('poison');
    });
    const deadConsumer = shop.queues.dead.consume((_task, { envelope }) => {
      dead.push(envelope);
    });
    await shop.queues.tasks.send({ orderId: 'poison' });
    await waitFor(dead, 1);
    await Promise.all([consumer.close(), deadConsumer.close()]);
    expect(attempts).toEqual([1, 2, 3]);
    expect(dead[0]!.payload).toEqual({ orderId: 'poison' });
    expect(dead[0]!.headers).toMatchObject({
      'typewire-dead-reason': 'max-retries',
      'typewire-attempts': '3',
      'typewire-error-code': 'INTERNAL_HANDLER_FAILED',
      'typewire-dead-from': 'tasks',
    });
  });

  it('refuses a send beyond maxLength with PERSISTENCE_QUEUE_FULL and keeps what it accepted', async () => {
    const r = servedShop();
    const tasks = createClient(r, ShopService).queues.tasks;
    for (let i = 0; i < 5; i++) await tasks.send({ orderId: `t${i}` });
    const error = (await tasks.send({ orderId: 'too-many' }).catch((e: unknown) => e)) as TypewireError;
    expect(error.code).toBe('PERSISTENCE_QUEUE_FULL');
    const seen: string[] = [];
    const consumer = tasks.consume((t) => {
      seen.push(t.orderId);
    });
    await waitFor(seen, 5);
    await consumer.close();
    expect(seen).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('stores a message sent twice with the same id once', async () => {
    const r = servedShop();
    const tasks = createClient(r, ShopService).queues.tasks;
    await tasks.send({ orderId: 'once' }, { id: 'fixed-id' });
    await tasks.send({ orderId: 'once' }, { id: 'fixed-id' });
    await tasks.send({ orderId: 'other' });
    const seen: string[] = [];
    const consumer = tasks.consume((t) => {
      seen.push(t.orderId);
    });
    await waitFor(seen, 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await consumer.close();
    expect(seen).toEqual(['once', 'other']);
  });

  it('dead-letters a message whose TTL passed before delivery', async () => {
    const r = servedShop();
    const shop = createClient(r, ShopService);
    await shop.queues.tasks.send({ orderId: 'stale' }, { ttlMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const dead: Envelope<Task>[] = [];
    const deadConsumer = shop.queues.dead.consume((_t, { envelope }) => {
      dead.push(envelope);
    });
    const live: string[] = [];
    const consumer = shop.queues.tasks.consume((t) => {
      live.push(t.orderId);
    });
    await waitFor(dead, 1);
    await Promise.all([consumer.close(), deadConsumer.close()]);
    expect(live).toEqual([]);
    expect(dead[0]!.headers?.['typewire-dead-reason']).toBe('expired');
  });

  it('accepts sends from another runtime over a link, acknowledged after the host stored them', async () => {
    const host = servedShop();
    const producer = createRuntime({ onError: () => undefined });
    open.push(producer);
    const [a, b] = createInProcessPair();
    await Promise.all([host.connect(a), producer.connect(b)]);
    await createClient(producer, ShopService).queues.tasks.send({ orderId: 'remote' });
    const seen: string[] = [];
    const consumer = createClient(host, ShopService).queues.tasks.consume((t) => {
      seen.push(t.orderId);
    });
    await waitFor(seen, 1);
    await consumer.close();
    expect(seen).toEqual(['remote']);
  });
});

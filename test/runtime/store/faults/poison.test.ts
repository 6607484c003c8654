/**
 * Poison messages end in the dead-letter queue after exactly maxRetries + 1
 * deliveries, with the reason recorded, and never hold up the others:
 * - a handler that always throws (in process, on PGlite and PostgreSQL);
 * - a handler that kills its own process (a child consumer on PostgreSQL,
 *   restarted after each death): the lease of each delivery runs out, and the
 *   delivery after the last allowed one goes to the dead-letter queue instead.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { QueueStore } from '../../../../runtime/store/queue/index.js';
import { BACKENDS } from '../databases.js';
import { queueWithDeadLetters, task, until } from '../queue/queue-fixtures.js';
import { useQueueHarness } from '../queue/queue-harness.js';
import { bundleChild, killAll, startChild, type ChildScript, type Exit } from './child-consumer.js';
import { byMessage, createDeliveriesTable, readDeliveries, type ChildConfig } from './fault-records.js';

async function onlyLetter(store: QueueStore, deadLetterQueue: string, id: string) {
  const { letters } = await store.listDeadLetters(deadLetterQueue, { limit: 10 });
  return letters.find((letter) => letter.id === id);
}

describe.each(BACKENDS)('a handler that always throws, on %s', (backend) => {
  const { database, storeOn, track } = useQueueHarness(backend);

  it('dead-letters the message after exactly maxRetries + 1 attempts, with code, message and attempts', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const { queue, dead } = queueWithDeadLetters({ maxRetries: 3, retryDelayMs: 5 });
    const attempts = new Map<string, number[]>();
    const handled: string[] = [];
    track(
      store.consume(
        queue,
        (envelope, { attempt }) => {
          attempts.set(envelope.id, [...(attempts.get(envelope.id) ?? []), attempt]);
          if (envelope.id === 'poison-plain') throw new Error('cannot ship order poison-plain');
          if (envelope.id === 'poison-coded') throw new TypewireError('OUT_OF_STOCK', 'none left');
          handled.push(envelope.id);
        },
        { concurrency: 2, pollMs: 100 },
      ),
    );
    await store.enqueueBatch(queue, [task('poison-plain'), task('ok-1'), task('poison-coded'), task('ok-2')]);
    await until(async () => (await store.stats(queue.name)).depth === 0, 'both poison messages to leave the queue');

    expect(attempts.get('poison-plain')).toEqual([1, 2, 3, 4]);
    expect(attempts.get('poison-coded')).toEqual([1, 2, 3, 4]);
    expect(handled.sort()).toEqual(['ok-1', 'ok-2']);
    expect(await onlyLetter(store, dead.name, 'poison-plain')).toMatchObject({
      origin: queue.name,
      reason: { reason: 'max-retries', code: 'INTERNAL_HANDLER_FAILED', message: 'handler failed: cannot ship order poison-plain', attempts: 4 },
    });
    expect(await onlyLetter(store, dead.name, 'poison-coded')).toMatchObject({
      reason: { reason: 'max-retries', code: 'OUT_OF_STOCK', message: 'none left', attempts: 4 },
    });
    expect(await store.stats(queue.name)).toMatchObject({ depth: 0, deadLetters: 2 });
    expect((await store.stats(dead.name)).depth).toBe(2);
  });
});

describe('a handler that kills its own process (PostgreSQL, child consumers)', () => {
  const { database, storeOn, url } = useQueueHarness('postgres');
  let script: ChildScript | undefined;
  beforeAll(async () => {
    script = await bundleChild();
  });
  afterEach(killAll);
  afterAll(() => script?.remove());

  it('dead-letters the message after maxRetries + 1 deliveries, each killing a consumer, with reason lease lost', { timeout: 60_000 }, async (ctx) => {
    const db = database(ctx.skip);
    await createDeliveriesTable(db);
    const store = storeOn(db);
    const { queue, dead } = queueWithDeadLetters({ maxRetries: 2, retryDelayMs: 5 });
    const config: ChildConfig = {
      url: url()!,
      queue: { name: queue.name, deadLetter: dead.name, maxRetries: queue.maxRetries, retryDelayMs: queue.retryDelayMs },
      // One message at a time: nothing else is leased (and has an attempt spent) when the poison kills.
      consume: { concurrency: 1, prefetch: 0, leaseMs: 500, pollMs: 200 },
      handlerDelayMs: [0, 0],
      killOn: 'poison-kill',
      maxLifetimeMs: 40_000,
    };
    await store.enqueueBatch(queue, [task('ok-1'), task('poison-kill', { priority: 4 }), task('ok-2'), task('ok-3')]);

    const deaths: Array<Exit & { pid: number }> = [];
    for (let start = 0; ; start++) {
      expect(start, 'consumer starts').toBeLessThan(6);
      const child = startChild(script!, config);
      let exit: Exit | undefined;
      void child.exited.then((e) => (exit = e));
      await until(async () => exit !== undefined || (await store.stats(queue.name)).depth === 0, 'a consumer to die or the queue to drain', 20_000);
      if (exit) {
        deaths.push({ ...exit, pid: child.pid });
        continue;
      }
      child.kill('SIGTERM');
      expect(await child.exited, child.stderr()).toEqual({ code: 0, signal: null });
      break;
    }

    expect(deaths.map(({ code, signal }) => ({ code, signal }))).toEqual(Array(3).fill({ code: null, signal: 'SIGKILL' }));
    const deliveries = byMessage(await readDeliveries(db));
    const poison = deliveries.get('poison-kill') ?? [];
    expect(poison.map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(poison.map((d) => d.pid)).toEqual(deaths.map((d) => d.pid));
    for (const id of ['ok-1', 'ok-2', 'ok-3']) expect(deliveries.get(id)?.map((d) => d.attempt), id).toEqual([1]);
    expect(await onlyLetter(store, dead.name, 'poison-kill')).toMatchObject({
      origin: queue.name,
      reason: { reason: 'max-retries', code: 'PERSISTENCE_LEASE_LOST', message: 'the lease of attempt 3 ran out without an ack or nack', attempts: 3 },
    });
    expect(await store.stats(queue.name)).toMatchObject({ depth: 0, deadLetters: 1 });
  });
});

/**
 * Closing a consumer while it is busy: slow handlers are running and more
 * messages are prefetched (prefetch > concurrency). `close()` waits for the
 * running handlers and their acks, gives the prefetched messages back, and
 * leaves no lease behind: whatever is left is deliverable at once, with the
 * attempt of the unstarted ones not spent. A short lease keeps renewals
 * running through the close, and no error may be reported.
 */
import { describe, expect, it } from 'vitest';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { BACKENDS } from '../databases.js';
import { sleep, task, taskQueue, until } from '../queue/queue-fixtures.js';
import { useQueueHarness } from '../queue/queue-harness.js';

const ACTIVE_LEASES = 'select id from typewire_queue_messages where queue = $1 and lease_owner is not null and visible_at > now()';

describe.each(BACKENDS)('closing a busy consumer, on %s', (backend) => {
  const { database, storeOn } = useQueueHarness(backend);

  it('finishes the running handlers, gives back the prefetched messages, and leaves no active lease', async (ctx) => {
    const db = database(ctx.skip);
    const errors: TypewireError[] = [];
    const store = storeOn(db, { onError: (error) => errors.push(error) });
    const queue = taskQueue({ maxRetries: 5 });
    const ids = Array.from({ length: 10 }, (_, i) => `m${i}`);
    await store.enqueueBatch(
      queue,
      ids.map((id) => task(id)),
    );
    const started: string[] = [];
    const finished: string[] = [];
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const consumer = store.consume(
      queue,
      async (envelope) => {
        started.push(envelope.id);
        await held;
        await sleep(30);
        finished.push(envelope.id);
      },
      { concurrency: 2, prefetch: 3, leaseMs: 150, pollMs: 100 },
    );
    await until(async () => started.length === 2 && (await store.stats(queue.name)).inFlight === 5, 'two running handlers and three prefetched messages');
    // Renewals (every 50 ms) keep all five leased while the handlers hang.
    await sleep(250);
    expect(await store.stats(queue.name)).toMatchObject({ inFlight: 5, ready: 5 });

    let closed = false;
    const closing = consumer.close().then(() => (closed = true));
    await until(async () => (await store.stats(queue.name)).inFlight === 2, 'the prefetched messages to be given back');
    await sleep(100);
    expect(closed, 'close waits for the running handlers').toBe(false);
    letGo();
    await closing;

    expect(started).toEqual(['m0', 'm1']);
    expect(finished.sort()).toEqual(['m0', 'm1']);
    expect((await db.query(ACTIVE_LEASES, [queue.name])).rows).toEqual([]);
    expect(await store.stats(queue.name)).toMatchObject({ depth: 8, ready: 8, delayed: 0, inFlight: 0 });
    const next = await store.dequeue(queue, { max: 10 });
    expect(next.map((m) => m.id)).toEqual(ids.slice(2));
    expect(next.map((m) => m.attempt)).toEqual(Array(8).fill(1));
    await sleep(100);
    expect(errors).toEqual([]);
  });
});

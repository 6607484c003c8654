import pg from 'pg';
import { expect, it } from 'vitest';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { SqlDatabase } from '../../../../runtime/store/sql-database.js';
import type { Task } from '../../fixtures/shop.js';
import { PG_ADMIN_URL } from '../databases.js';
import { InstrumentedDatabase, queueWithDeadLetters, sleep, task, taskQueue, until } from './queue-fixtures.js';
import type { QueueHarness } from './queue-harness.js';

/** A promise and the function that settles it, for handlers that wait on the test. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Suite run by queue-store.test.ts on each backend. */
export function consumerTests(h: QueueHarness): void {
  const { database, storeOn } = h;
  function leasesHeld(db: SqlDatabase, queue: string): Promise<number> {
    return db
      .query<{ n: number }>('select count(*)::float8 as n from typewire_queue_messages where queue = $1 and lease_owner is not null and visible_at > now()', [
        queue,
      ])
      .then((r) => Number(r.rows[0]!.n));
  }

  it('sleeps while idle (no queries) and wakes on the commit notification', async (ctx) => {
    const db = new InstrumentedDatabase(database(ctx.skip));
    const store = storeOn(db);
    const queue = taskQueue();
    const handled: string[] = [];
    h.track(store.consume(queue, (envelope) => void handled.push(envelope.payload.orderId), { pollMs: 60_000 }));
    await sleep(150);
    const before = db.queries + db.transactions;
    await sleep(300);
    expect(db.queries + db.transactions).toBe(before);
    const producer = storeOn(database(ctx.skip));
    await producer.enqueue(queue, task('wake'));
    await until(() => handled.length === 1, 'the notified consumer', 3_000);
    expect(handled).toEqual(['wake']);
    await until(async () => (await store.stats(queue.name)).depth === 0, 'the ack');
  });

  it('refills its buffer in batches of at least half its capacity while the buffer lasts, not a lease per message', async (ctx) => {
    const db = database(ctx.skip);
    const store = storeOn(db);
    const queue = taskQueue();
    await store.enqueueBatch(
      queue,
      Array.from({ length: 200 }, (_, i) => task(`b${i}`)),
    );
    const leaseSizes: number[] = [];
    const counting: SqlDatabase = Object.create(db, {
      query: {
        value: async (text: string, params?: ReadonlyArray<unknown>) => {
          const result = await db.query(text, params);
          if (/typewire_lease\(/.test(text)) leaseSizes.push(Number(params?.[1]));
          return result;
        },
      },
    });
    const consumer = storeOn(counting);
    let handled = 0;
    // Handlers that take a moment, so the buffer never runs dry and every refill waits for half the capacity.
    h.track(consumer.consume(queue, async () => void (await sleep(2), handled++), { concurrency: 4, prefetch: 16 }));
    await until(() => handled === 200, 'the backlog to drain');
    // Capacity 20: the first lease takes 20, every refill at least 10 (the last ones may find fewer rows).
    expect(leaseSizes[0]).toBe(20);
    expect(leaseSizes.filter((n) => n < 10)).toEqual([]);
    expect(leaseSizes.length).toBeLessThanOrEqual(Math.ceil(200 / 10) + 2);
  });

  it('acks what resolves, retries what throws, and dead-letters after maxRetries + 1 attempts', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const { queue, dead } = queueWithDeadLetters({ maxRetries: 2, retryDelayMs: 20 });
    const attempts: Array<[string, number]> = [];
    h.track(
      store.consume(queue, (envelope, context) => {
        attempts.push([envelope.id, context.attempt]);
        if (envelope.id === 'bad') throw new Error('cannot');
      }),
    );
    await store.enqueueBatch(queue, [task('good'), task('bad')]);
    await until(async () => (await store.stats(dead.name)).depth === 1, 'the dead letter');
    expect(attempts.filter(([id]) => id === 'bad').map(([, n]) => n)).toEqual([1, 2, 3]);
    expect(attempts.filter(([id]) => id === 'good')).toEqual([['good', 1]]);
    const { letters } = await store.listDeadLetters(dead.name);
    expect(letters[0]!.reason).toMatchObject({ reason: 'max-retries', code: 'INTERNAL_HANDLER_FAILED', attempts: 3 });
    expect((await store.stats(queue.name)).depth).toBe(0);
  });

  it('renews the lease while a handler runs longer than it, so nobody else gets the message', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    const release = gate();
    const attempts: number[] = [];
    h.track(
      store.consume(
        queue,
        async (_, context) => {
          attempts.push(context.attempt);
          await release.promise;
        },
        { leaseMs: 150, prefetch: 0 },
      ),
    );
    await store.enqueue(queue, task('slow'));
    await until(() => attempts.length === 1, 'the handler to start');
    await sleep(450);
    expect(await store.dequeue(queue, { leaseMs: 10_000 })).toEqual([]);
    release.open();
    await until(async () => (await store.stats(queue.name)).depth === 0, 'the ack');
    expect(attempts).toEqual([1]);
  });

  it('close() stops fetching, waits for running handlers and gives prefetched messages back: no lease left behind', async (ctx) => {
    const db = database(ctx.skip);
    const store = storeOn(db);
    const queue = taskQueue();
    const release = gate();
    const started: string[] = [];
    const consumer = store.consume(
      queue,
      async (envelope) => {
        started.push(envelope.id);
        await release.promise;
      },
      { concurrency: 1, prefetch: 3 },
    );
    await store.enqueueBatch(
      queue,
      ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => task(id)),
    );
    await until(async () => started.length === 1 && (await store.stats(queue.name)).inFlight === 4, 'one running and three prefetched');
    let closed = false;
    const closing = consumer.close().then(() => (closed = true));
    await sleep(100);
    expect(closed).toBe(false);
    release.open();
    await closing;
    expect(started).toEqual(['c1']);
    expect(await leasesHeld(db, queue.name)).toBe(0);
    expect(await store.stats(queue.name)).toMatchObject({ depth: 4, ready: 4, inFlight: 0 });
    // Given back unstarted, they did not spend an attempt.
    const next = await store.dequeue(queue, { max: 4 });
    expect(next.map((m) => [m.id, m.attempt])).toEqual([
      ['c2', 1],
      ['c3', 1],
      ['c4', 1],
      ['c5', 1],
    ]);
  });

  it('runs up to `concurrency` handlers at once', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    const release = gate();
    let running = 0;
    let most = 0;
    let done = 0;
    h.track(
      store.consume(
        queue,
        async () => {
          most = Math.max(most, ++running);
          await release.promise;
          running--;
          done++;
        },
        { concurrency: 3, prefetch: 0 },
      ),
    );
    await store.enqueueBatch(
      queue,
      Array.from({ length: 7 }, (_, i) => task(`p${i}`)),
    );
    await until(() => running === 3, 'three handlers');
    await sleep(50);
    expect(running).toBe(3);
    release.open();
    await until(() => done === 7, 'all seven');
    expect(most).toBe(3);
  });

  it('dead-letters a message that fails its schema without calling the handler', async (ctx) => {
    const store = storeOn(database(ctx.skip), { validate: false });
    const { queue, dead } = queueWithDeadLetters();
    const handled: string[] = [];
    h.track(store.consume(queue, (envelope) => void handled.push(envelope.id)));
    await store.enqueue(queue, { ...task('poison'), payload: { orderId: 42 } as unknown as Task });
    await store.enqueue(queue, task('fine'));
    await until(async () => (await store.stats(dead.name)).depth === 1 && handled.length === 1, 'the poison message to be dead-lettered');
    expect(handled).toEqual(['fine']);
    const { letters } = await store.listDeadLetters(dead.name);
    expect(letters[0]).toMatchObject({ id: 'poison', reason: { reason: 'rejected', code: 'VALIDATION_FAILED', attempts: 1 } });
  });

  it('sweeps expired messages into the dead-letter queue without running the handler', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const { queue, dead } = queueWithDeadLetters({ ttlMs: 100 });
    const handled: string[] = [];
    await store.enqueue(queue, task('stale', { expiresAt: Date.now() - 1 }));
    // Expires (after 100 ms) before its delay lets it out (200 ms).
    await store.enqueue(queue, task('delayed'), { delayMs: 200 });
    h.track(store.consume(queue, (envelope) => void handled.push(envelope.id), { pollMs: 100 }));
    await until(async () => (await store.stats(dead.name)).depth === 2, 'both expired messages in the dead-letter queue');
    expect(handled).toEqual([]);
    const { letters } = await store.listDeadLetters(dead.name);
    expect(letters.map((l) => [l.id, l.reason.reason]).sort()).toEqual([
      ['delayed', 'expired'],
      ['stale', 'expired'],
    ]);
  });

  it('keeps retrying with backoff while the database is down, reports it, and resumes', async (ctx) => {
    const db = new InstrumentedDatabase(database(ctx.skip));
    const errors: TypewireError[] = [];
    const store = storeOn(db, { onError: (e) => errors.push(e) });
    const producer = storeOn(database(ctx.skip));
    const queue = taskQueue();
    const handled: string[] = [];
    h.track(store.consume(queue, (envelope) => void handled.push(envelope.id), { pollMs: 300 }));
    await sleep(100);
    db.down = true;
    await producer.enqueue(queue, task('during'));
    await until(() => errors.length >= 2, 'failed fetches to be reported');
    expect(errors.every((e) => e.code === 'PERSISTENCE_UNAVAILABLE')).toBe(true);
    expect(handled).toEqual([]);
    db.down = false;
    await until(() => handled.length === 1, 'the consumer to resume', 5_000);
    expect(handled).toEqual(['during']);
  });

  it.runIf(h.backend === 'postgres')('survives PostgreSQL killing its connections', async (ctx) => {
    const db = database(ctx.skip);
    const errors: TypewireError[] = [];
    const store = storeOn(db, { onError: (e) => errors.push(e) });
    const queue = taskQueue();
    const handled: string[] = [];
    h.track(store.consume(queue, (envelope) => void handled.push(envelope.id), { pollMs: 500 }));
    await store.enqueue(queue, task('before'));
    await until(() => handled.length === 1, 'the first message');
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const name = new URL(h.url()!).pathname.slice(1);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    } finally {
      await admin.end();
    }
    await until(async () => {
      try {
        await store.enqueue(queue, task('after'));
        return true;
      } catch {
        return false;
      }
    }, 'an enqueue to succeed again');
    await until(() => handled.length === 2, 'the message sent after the restart', 8_000);
    expect(handled).toEqual(['before', 'after']);
  });
}

import { expect, it } from 'vitest';
import { EncodedPayload } from '../../../../runtime/internal/envelope-meta.js';
import { QUEUE_CHANNEL, readQueueEnvelope, type DroppedMessage, type FlushInfo, type QueueStore } from '../../../../runtime/store/queue/index.js';
import { TaskMessage, type Task } from '../../fixtures/shop.js';
import { InstrumentedDatabase, queueWithDeadLetters, sleep, task, taskQueue, until } from './queue-fixtures.js';
import type { QueueHarness } from './queue-harness.js';

/** Suite run by queue-store.test.ts on each backend. */
export function enqueueTests(h: QueueHarness): void {
  const { database, storeOn } = h;

  it('group commit: enqueues made while a flush runs share the next one, each resolved after its commit', async (ctx) => {
    const db = new InstrumentedDatabase(database(ctx.skip));
    const flushes: FlushInfo[] = [];
    const store = storeOn(db, { maxFlushesInFlight: 1, onFlush: (f) => flushes.push(f) });
    const queue = taskQueue();
    // The queue's first batch also creates its depth counter; from then on a batch is one statement.
    await store.enqueue(queue, task('warm-up'));
    flushes.length = 0;
    const before = db.commits;
    db.hold({ statements: true });
    let firstDone = false;
    const first = store.enqueue(queue, task('first')).then((ack) => ((firstDone = true), ack));
    await until(() => db.commits === before + 1, 'the first flush to start');
    const rest = Array.from({ length: 49 }, (_, i) => store.enqueue(queue, task(`m${i}`)));
    await sleep(50);
    expect(firstDone).toBe(false);
    expect(db.commits).toBe(before + 1);
    db.release();
    expect(await first).toEqual({ duplicate: false });
    expect(await Promise.all(rest)).toEqual(Array.from({ length: 49 }, () => ({ duplicate: false })));
    expect(db.commits - before).toBe(2);
    expect(flushes).toEqual([
      { kind: 'enqueue', size: 1 },
      { kind: 'enqueue', size: 49 },
    ]);
    expect((await store.stats(queue.name)).depth).toBe(51);
  });

  it('runs at most maxFlushesInFlight flushes at once; later enqueues wait and share the next', async (ctx) => {
    const db = new InstrumentedDatabase(database(ctx.skip));
    const flushes: FlushInfo[] = [];
    const store = storeOn(db, { maxFlushesInFlight: 2, onFlush: (f) => flushes.push(f) });
    const queue = taskQueue();
    await store.enqueue(queue, task('warm-up'));
    flushes.length = 0;
    const before = db.commits;
    db.hold({ statements: true });
    const sends = [store.enqueue(queue, task('a'))];
    await until(() => db.commits === before + 1, 'the first flush');
    sends.push(store.enqueue(queue, task('b')));
    await until(() => db.commits === before + 2, 'the second flush');
    for (let i = 0; i < 8; i++) {
      sends.push(store.enqueue(queue, task(`c${i}`)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sleep(30);
    expect(db.commits).toBe(before + 2);
    db.release();
    await Promise.all(sends);
    expect(db.commits - before).toBe(3);
    // Which of 'b' and the batch of 8 commits first is a race for the counter
    // lock once 'a' commits (a loaded machine decides it); the sharing is the point.
    expect(flushes.map((f) => f.size).sort((x, y) => x - y)).toEqual([1, 1, 8]);
    expect((await store.stats(queue.name)).depth).toBe(11);
  });

  it('delivers by priority (clamped into the queue’s levels), then arrival, and refuses a fractional priority', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue({ priorities: 5 });
    for (const [id, priority] of [
      ['p0', 0],
      ['p4', 4],
      ['p2', 2],
      ['p9', 9],
      ['pneg', -3],
      ['p2b', 2],
    ] as const) {
      await store.enqueue(queue, task(id, { priority }));
    }
    const leased = await store.dequeue(queue, { max: 10 });
    expect(leased.map((m) => [m.id, m.priority])).toEqual([
      ['p4', 4],
      ['p9', 4],
      ['p2', 2],
      ['p2b', 2],
      ['p0', 0],
      ['pneg', 0],
    ]);
    await expect(store.enqueue(queue, task('frac', { priority: 1.5 }))).rejects.toMatchObject({
      code: 'VALIDATION_BAD_ARGUMENT',
      details: { argument: 'envelope.priority' },
    });
  });

  it('holds a delayed message back until its delay has passed', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    const started = Date.now();
    await store.enqueue(queue, task('later'), { delayMs: 400 });
    await store.enqueue(queue, task('now'));
    expect((await store.dequeue(queue, { max: 10 })).map((m) => m.id)).toEqual(['now']);
    expect(await store.stats(queue.name)).toMatchObject({ delayed: 1, inFlight: 1, pending: 1 });
    let later: string[] = [];
    await until(async () => (later = (await store.dequeue(queue, { max: 10 })).map((m) => m.id)).length > 0, 'the delayed message');
    expect(later).toEqual(['later']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('never delivers an expired message: envelope expiry and queue TTL send it to the dead-letter queue as expired', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const { queue, dead } = queueWithDeadLetters({ ttlMs: 100 });
    await store.enqueue(queue, task('stale', { expiresAt: Date.now() - 1 }));
    await store.enqueue(queue, task('ttl'));
    expect((await store.dequeue(queue, { max: 10 })).map((m) => m.id)).toEqual(['ttl']);
    await store.enqueue(queue, task('ttl2'));
    await sleep(150);
    expect(await store.dequeue(queue, { max: 10 })).toEqual([]);
    // 'ttl' is leased (in flight): the sweep leaves it to its consumer.
    expect(await store.expire(queue)).toBe(2);
    const { letters } = await store.listDeadLetters(dead.name);
    expect(letters.map((l) => [l.id, l.origin, l.reason.reason, l.reason.code]).sort()).toEqual([
      ['stale', queue.name, 'expired', 'PERSISTENCE_MESSAGE_EXPIRED'],
      ['ttl2', queue.name, 'expired', 'PERSISTENCE_MESSAGE_EXPIRED'],
    ]);
    expect(await store.stats(queue.name)).toMatchObject({ depth: 1, deadLetters: 2 });
  });

  it('drops an expired message and reports it when the queue has no dead-letter queue', async (ctx) => {
    const drops: DroppedMessage[] = [];
    const store = storeOn(database(ctx.skip), { onDrop: (d) => drops.push(d) });
    const queue = taskQueue();
    await store.enqueue(queue, task('gone', { expiresAt: Date.now() - 1 }));
    expect(await store.expire(queue)).toBe(1);
    expect(drops).toEqual([
      { queue: queue.name, id: 'gone', reason: 'expired', code: 'PERSISTENCE_MESSAGE_EXPIRED', message: expect.any(String), attempts: 0 },
    ]);
    expect((await store.stats(queue.name)).depth).toBe(0);
  });

  it('stores a repeated id once within the deduplication window, even after the first was acked', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    expect(await store.enqueue(queue, task('d1'))).toEqual({ duplicate: false });
    expect(await store.enqueue(queue, task('d1'))).toEqual({ duplicate: true });
    // Twice in one transaction.
    expect(await Promise.all([store.enqueue(queue, task('d2')), store.enqueue(queue, task('d2'))])).toEqual([{ duplicate: false }, { duplicate: true }]);
    const [m] = await store.dequeue(queue, { max: 1 });
    await store.ack(m!);
    expect(await store.enqueue(queue, task(m!.id))).toEqual({ duplicate: true });
    expect((await store.stats(queue.name)).depth).toBe(1);
  });

  it('accepts an id again once the window has passed, and the cleanup forgets old ids', async (ctx) => {
    const store = storeOn(database(ctx.skip), { dedupWindowMs: 150 });
    const queue = taskQueue();
    await store.enqueue(queue, task('w1'));
    const [m] = await store.dequeue(queue);
    await store.ack(m!);
    await sleep(200);
    expect(await store.cleanupDedup()).toBeGreaterThanOrEqual(1);
    expect(await store.enqueue(queue, task('w1'))).toEqual({ duplicate: false });
    expect((await store.stats(queue.name)).depth).toBe(1);
  });

  it("max length with 'reject': refuses the messages over the limit, the rest of the batch lands", async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue({ maxLength: 3, overflow: 'reject' });
    const outcomes = await store.enqueueBatch(
      queue,
      ['a', 'b', 'c', 'd', 'e'].map((id) => task(id)),
    );
    expect(outcomes.map((o) => (o.ok ? 'stored' : o.error.code))).toEqual(['stored', 'stored', 'stored', 'PERSISTENCE_QUEUE_FULL', 'PERSISTENCE_QUEUE_FULL']);
    await expect(store.enqueue(queue, task('f'))).rejects.toMatchObject({
      code: 'PERSISTENCE_QUEUE_FULL',
      retryable: true,
      details: { queue: queue.name, maxLength: 3 },
    });
    const [m] = await store.dequeue(queue);
    await store.ack(m!);
    // The refused id was not remembered: a retry is stored.
    expect(await store.enqueue(queue, task('d'))).toEqual({ duplicate: false });
    expect((await store.stats(queue.name)).depth).toBe(3);
  });

  it("max length with 'drop-oldest': deletes the oldest undelivered messages in the same transaction", async (ctx) => {
    const drops: DroppedMessage[] = [];
    const store = storeOn(database(ctx.skip), { onDrop: (d) => drops.push(d) });
    const queue = taskQueue({ maxLength: 3, overflow: 'drop-oldest' });
    for (const id of ['1', '2', '3']) await store.enqueue(queue, task(id));
    const [leased] = await store.dequeue(queue);
    expect(leased!.id).toBe('1');
    await store.enqueueBatch(queue, [task('4'), task('5')]);
    // '1' is in flight, so '2' and '3' (the oldest undelivered) make room.
    expect(drops.map((d) => [d.id, d.reason, d.code])).toEqual([
      ['2', 'overflow', 'PERSISTENCE_QUEUE_FULL'],
      ['3', 'overflow', 'PERSISTENCE_QUEUE_FULL'],
    ]);
    await store.ack(leased!);
    expect((await store.dequeue(queue, { max: 10 })).map((m) => m.id)).toEqual(['4', '5']);
    expect((await store.stats(queue.name)).depth).toBe(2);
  });

  for (const overflow of ['reject', 'drop-oldest'] as const) {
    it(`max length '${overflow}' stays exact with producers racing on several stores, and the depth counter matches the rows`, async (ctx) => {
      const db = database(ctx.skip);
      // Four stores: four group commits whose flushes race for the same counter.
      const stores = Array.from({ length: 4 }, () => storeOn(db, { maxFlushesInFlight: 2 }));
      const queue = taskQueue({ maxLength: 50, overflow });
      // 4 x 40 distinct ids, and 10 ids that two stores send at the same moment.
      const sends = stores.flatMap((store, s) => Array.from({ length: 40 }, (_, i) => store.enqueue(queue, task(`s${s}-${i}`))));
      const raced = Array.from({ length: 10 }, (_, i) => [stores[0]!, stores[1]!].map((store) => store.enqueue(queue, task(`raced-${i}`)))).flat();
      const settled = await Promise.allSettled([...sends, ...raced]);
      const refused = settled.filter((r) => r.status === 'rejected');
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'PERSISTENCE_QUEUE_FULL' });
      const racedAcks = settled.slice(sends.length).filter((r) => r.status === 'fulfilled') as Array<PromiseFulfilledResult<{ duplicate: boolean }>>;
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from typewire_queue_messages where queue = $1', [queue.name]);
      const stored = Number(rows[0]!.n);
      expect(stored).toBe(50);
      expect((await stores[0]!.stats(queue.name)).depth).toBe(stored);
      if (overflow === 'reject') {
        const accepted = settled.filter((r) => r.status === 'fulfilled' && !r.value.duplicate).length;
        expect(accepted).toBe(50);
        expect(refused.length + accepted + racedAcks.filter((r) => r.value.duplicate).length).toBe(settled.length);
      } else {
        expect(refused).toEqual([]);
      }
      // Of each raced pair at most one was stored; an accepted pair has exactly one non-duplicate.
      for (let i = 0; i < 10; i++) {
        const pair = settled.slice(sends.length + 2 * i, sends.length + 2 * i + 2);
        const fresh = pair.filter((r) => r.status === 'fulfilled' && !r.value.duplicate).length;
        expect(fresh).toBeLessThanOrEqual(1);
      }
    });
  }

  it('notifies on commit so consumers wake', async (ctx) => {
    const db = database(ctx.skip);
    const store = storeOn(db);
    const queue = taskQueue();
    const heard: string[] = [];
    const unlisten = await db.listen(QUEUE_CHANNEL, (payload) => heard.push(payload));
    try {
      await store.enqueue(queue, task('n1'));
      await until(() => heard.includes(queue.name), 'the notification');
    } finally {
      await unlisten();
    }
  });

  it('stores a payload that arrived encoded without decoding it, and reads it back typed', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    const encoded = task('remote', { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }) as unknown as Parameters<
      QueueStore['enqueue']
    >[1];
    (encoded as { payload: unknown }).payload = new EncodedPayload(TaskMessage.msgpack.encode({ orderId: 'remote' }), 'msgpack');
    await store.enqueue(queue, encoded);
    const [m] = await store.dequeue(queue);
    const envelope = readQueueEnvelope<Task>(m!.frame, TaskMessage);
    expect(envelope).toMatchObject({ id: 'remote', payload: { orderId: 'remote' }, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  });

  it('refuses bad input with a coded error naming it, before anything is stored', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    await expect(store.enqueue(queue, task(''))).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'envelope.id' } });
    await expect(store.enqueue(queue, task('x'), { delayMs: -1 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'delayMs' } });
    await expect(store.enqueue(queue, { ...task('x'), payload: { orderId: 5 } as unknown as Task })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(store.enqueue(taskQueue({ maxRetries: -1 }), task('x'))).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT' });
    expect((await store.stats(queue.name)).depth).toBe(0);
  });

  it('rejects producers with a retryable PERSISTENCE_UNAVAILABLE while the database is down, and recovers', async (ctx) => {
    const db = new InstrumentedDatabase(database(ctx.skip));
    const store = storeOn(db);
    const queue = taskQueue();
    db.down = true;
    const failed = await Promise.allSettled([store.enqueue(queue, task('u1')), store.enqueue(queue, task('u2'))]);
    for (const f of failed) expect(f).toMatchObject({ status: 'rejected', reason: { code: 'PERSISTENCE_UNAVAILABLE', retryable: true } });
    db.down = false;
    expect(await store.enqueue(queue, task('u1'))).toEqual({ duplicate: false });
    await store.close();
    await expect(store.enqueue(queue, task('u3'))).rejects.toMatchObject({ code: 'PERSISTENCE_UNAVAILABLE' });
  });
}

import { expect, it } from 'vitest';
import { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { DroppedMessage, FlushInfo } from '../../../../runtime/store/queue/index.js';
import { InstrumentedDatabase, queueWithDeadLetters, sleep, task, taskQueue, until } from './queue-fixtures.js';
import type { QueueHarness } from './queue-harness.js';

/** Suite run by queue-store.test.ts on each backend. */
export function leaseTests(h: QueueHarness): void {
  const { database, storeOn } = h;

  it('hands each message to one of several concurrent dequeues (SKIP LOCKED)', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    await store.enqueueBatch(
      queue,
      Array.from({ length: 8 }, (_, i) => task(`s${i}`)),
    );
    const [a, b] = await Promise.all([store.dequeue(queue, { max: 5 }), store.dequeue(queue, { max: 5 })]);
    const ids = [...a!, ...b!].map((m) => m.id);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    expect(await store.stats(queue.name)).toMatchObject({ inFlight: 8, ready: 0, depth: 8 });
  });

  it('coalesces acks made while an ack flush runs into the next one', async (ctx) => {
    const db = new InstrumentedDatabase(database(ctx.skip));
    const flushes: FlushInfo[] = [];
    const store = storeOn(db, { maxFlushesInFlight: 1, onFlush: (f) => flushes.push(f) });
    const queue = taskQueue();
    await store.enqueueBatch(
      queue,
      Array.from({ length: 30 }, (_, i) => task(`k${i}`)),
    );
    const leased = await store.dequeue(queue, { max: 30 });
    const before = db.commits;
    db.hold({ statements: true });
    const first = store.ack(leased[0]!);
    await until(() => db.commits === before + 1, 'the first ack flush');
    const rest = leased.slice(1).map((m) => store.ack(m));
    await sleep(30);
    expect(db.commits).toBe(before + 1);
    db.release();
    await Promise.all([first, ...rest]);
    expect(db.commits - before).toBe(2);
    expect(flushes.filter((f) => f.kind === 'ack').map((f) => f.size)).toEqual([1, 29]);
    expect((await store.stats(queue.name)).depth).toBe(0);
  });

  it('redelivers a message whose lease ran out, and refuses the late ack, nack and reject of the old delivery', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    await store.enqueue(queue, task('late'));
    const [first] = await store.dequeue(queue, { leaseMs: 80 });
    expect(first!.attempt).toBe(1);
    expect(await store.dequeue(queue)).toEqual([]);
    await sleep(120);
    const [second] = await store.dequeue(queue, { leaseMs: 10_000 });
    expect(second).toMatchObject({ id: 'late', attempt: 2 });
    const lost = { code: 'PERSISTENCE_LEASE_LOST', retryable: false, details: { queue: queue.name, id: 'late', attempt: 1 } };
    await expect(store.ack(first!)).rejects.toMatchObject(lost);
    await expect(store.nack(queue, first!)).rejects.toMatchObject(lost);
    await expect(store.reject(queue, first!)).rejects.toMatchObject(lost);
    await store.ack(second!);
    expect((await store.stats(queue.name)).depth).toBe(0);
  });

  it('nack requeues at once, after a given delay, or after the queue’s backoff, recording the error', async (ctx) => {
    const db = database(ctx.skip);
    const store = storeOn(db, { random: () => 0 });
    const queue = taskQueue({ retryDelayMs: 300, maxRetries: 5 });
    await store.enqueue(queue, task('n'));
    let [m] = await store.dequeue(queue);
    expect(await store.nack(queue, m!, { delayMs: 0, error: new TypewireError('OUT_OF_STOCK', 'none left') })).toBe('retried');
    [m] = await store.dequeue(queue);
    expect(m!.attempt).toBe(2);
    const { rows } = await db.query<{ last_error: { code: string; message: string } }>('select last_error from typewire_queue_messages where queue = $1', [
      queue.name,
    ]);
    expect(rows[0]!.last_error).toMatchObject({ code: 'OUT_OF_STOCK', message: 'none left' });
    // The backoff of attempt 2: 300 * 2^1 ms, no jitter with random() = 0.
    await store.nack(queue, m!);
    const delay = await db.query<{ ms: number }>(
      'select (extract(epoch from visible_at - now()) * 1000)::float8 as ms from typewire_queue_messages where queue = $1',
      [queue.name],
    );
    expect(delay.rows[0]!.ms).toBeGreaterThan(500);
    expect(delay.rows[0]!.ms).toBeLessThanOrEqual(600);
    expect(await store.stats(queue.name)).toMatchObject({ delayed: 1, ready: 0, inFlight: 0 });
    expect(await store.dequeue(queue)).toEqual([]);
  });

  it('dead-letters after exactly maxRetries + 1 attempts, in the transaction of the last nack, with the reason', async (ctx) => {
    const db = new InstrumentedDatabase(database(ctx.skip));
    const store = storeOn(db);
    const { queue, dead } = queueWithDeadLetters({ maxRetries: 2 });
    const sent = Date.now();
    await store.enqueue(queue, task('doomed'));
    const outcomes: string[] = [];
    let attempts = 0;
    for (;;) {
      const [m] = await store.dequeue(queue);
      if (!m) break;
      attempts = m.attempt;
      const before = db.transactions;
      outcomes.push(await store.nack(queue, m, { delayMs: 0, error: new Error('boom') }));
      if (outcomes.at(-1) === 'dead-lettered') expect(db.transactions - before).toBe(1);
    }
    expect(attempts).toBe(3);
    expect(outcomes).toEqual(['retried', 'retried', 'dead-lettered']);
    const { letters } = await store.listDeadLetters(dead.name);
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter).toMatchObject({ id: 'doomed', queue: dead.name, origin: queue.name, codec: 'msgpack' });
    expect(letter.reason).toMatchObject({ reason: 'max-retries', code: 'INTERNAL_HANDLER_FAILED', message: 'handler failed: boom', attempts: 3 });
    expect(letter.reason.firstEnqueuedAt).toBeGreaterThanOrEqual(sent - 1_000);
    expect(letter.reason.failedAt).toBeGreaterThanOrEqual(letter.reason.firstEnqueuedAt);
    expect(await store.stats(queue.name)).toMatchObject({ depth: 0, deadLetters: 1 });
    expect((await store.stats(dead.name)).depth).toBe(1);
  });

  it('reject sends a message straight to the dead-letter queue', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const { queue, dead } = queueWithDeadLetters({ maxRetries: 5 });
    await store.enqueueBatch(queue, [task('r1'), task('r2')]);
    const [m1, m2] = await store.dequeue(queue, { max: 2 });
    await store.reject(queue, m1!, { error: new TypewireError('VALIDATION_FAILED', 'not for us') });
    await store.reject(queue, m2!);
    const { letters } = await store.listDeadLetters(dead.name);
    expect(letters.map((l) => [l.id, l.reason.reason, l.reason.code, l.reason.attempts])).toEqual([
      ['r1', 'rejected', 'VALIDATION_FAILED', 1],
      ['r2', 'rejected', 'PERSISTENCE_MESSAGE_REJECTED', 1],
    ]);
  });

  it('drops and reports a failed message when the queue declares no dead-letter queue', async (ctx) => {
    const drops: DroppedMessage[] = [];
    const errors: TypewireError[] = [];
    const store = storeOn(database(ctx.skip), { onDrop: (d) => drops.push(d) });
    const quiet = storeOn(database(ctx.skip), { onError: (e) => errors.push(e) });
    const queue = taskQueue({ maxRetries: 0 });
    await store.enqueueBatch(queue, [task('x1'), task('x2')]);
    const [m1, m2] = await store.dequeue(queue, { max: 2 });
    expect(await store.nack(queue, m1!, { error: new Error('nope') })).toBe('dropped');
    expect(drops).toEqual([
      { queue: queue.name, id: 'x1', reason: 'max-retries', code: 'INTERNAL_HANDLER_FAILED', message: 'handler failed: nope', attempts: 1 },
    ]);
    // Without onDrop, the drop reaches onError.
    await quiet.reject(queue, m2!);
    expect(errors.map((e) => [e.code, (e.details as DroppedMessage).id])).toEqual([['PERSISTENCE_MESSAGE_REJECTED', 'x2']]);
    expect((await store.stats(queue.name)).depth).toBe(0);
  });

  it('dead-letters a message whose last attempt ran out of lease instead of delivering it again', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const { queue, dead } = queueWithDeadLetters({ maxRetries: 1 });
    await store.enqueue(queue, task('crashy'));
    for (const attempt of [1, 2]) {
      const [m] = await store.dequeue(queue, { leaseMs: 50 });
      expect(m!.attempt).toBe(attempt);
      await sleep(80);
    }
    expect(await store.dequeue(queue)).toEqual([]);
    const { letters } = await store.listDeadLetters(dead.name);
    expect(letters.map((l) => [l.id, l.reason.reason, l.reason.code, l.reason.attempts])).toEqual([['crashy', 'max-retries', 'PERSISTENCE_LEASE_LOST', 2]]);
  });

  it('extends a lease so the message does not come back, and reports leases already lost', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    await store.enqueue(queue, task('long'));
    const [m] = await store.dequeue(queue, { leaseMs: 100 });
    expect(await store.extendLeases([m!], 5_000)).toEqual([]);
    await sleep(150);
    expect(await store.dequeue(queue)).toEqual([]);
    expect(await store.extendLeases([{ ...m!, attempt: 7 }], 5_000)).toEqual([{ ...m!, attempt: 7 }]);
    await store.ack(m!);
  });

  it('releases a lease: visible at once, the attempt not spent', async (ctx) => {
    const store = storeOn(database(ctx.skip));
    const queue = taskQueue();
    await store.enqueue(queue, task('back'));
    const [m] = await store.dequeue(queue, { leaseMs: 60_000 });
    expect(await store.releaseLeases([m!])).toBe(1);
    const [again] = await store.dequeue(queue);
    expect(again).toMatchObject({ id: 'back', attempt: 1 });
    await expect(store.ack(m!)).rejects.toMatchObject({ code: 'PERSISTENCE_LEASE_LOST' });
  });
}

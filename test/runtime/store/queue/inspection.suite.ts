import { expect, it } from 'vitest';
import { decodeUntyped } from '../../../../runtime/codec/envelope-frame.js';
import type { LeasedMessage, QueueStore, QueueStoreOptions } from '../../../../runtime/store/queue/index.js';
import type { QueueDescriptor } from '../../../../runtime/descriptors.js';
import type { Task } from '../../fixtures/shop.js';
import { queueWithDeadLetters, sleep, task, taskQueue } from './queue-fixtures.js';
import type { QueueHarness } from './queue-harness.js';

/** Suite run by queue-store.test.ts on each backend. */
export function inspectionTests(h: QueueHarness): void {
  function storeFor(skip: () => void, options: QueueStoreOptions = {}): QueueStore {
    return h.storeOn(h.database(skip), options);
  }

  /** Sends `ids` and rejects each into the dead-letter queue. */
  async function kill(store: QueueStore, queue: QueueDescriptor<Task>, ids: string[]): Promise<void> {
    await store.enqueueBatch(
      queue,
      ids.map((id) => task(id)),
    );
    const leased: LeasedMessage[] = await store.dequeue(queue, { max: ids.length });
    for (const m of leased) await store.reject(queue, m, { error: new Error(`bad ${m.id}`) });
  }

  it('counts ready, delayed and in-flight messages, the oldest age and the dead letters per queue', async (ctx) => {
    const store = storeFor(ctx.skip);
    const { queue, dead } = queueWithDeadLetters();
    expect(await store.stats(queue.name)).toEqual({
      queue: queue.name,
      depth: 0,
      pending: 0,
      ready: 0,
      delayed: 0,
      inFlight: 0,
      oldestAgeMs: null,
      deadLetters: 0,
    });
    await store.enqueueBatch(queue, [task('a'), task('b'), task('c')]);
    await store.enqueue(queue, task('later'), { delayMs: 60_000 });
    await sleep(60);
    const [held] = await store.dequeue(queue);
    await kill(store, queue, ['x']);
    const stats = await store.stats(queue.name);
    expect(stats).toMatchObject({ queue: queue.name, depth: 4, pending: 3, ready: 2, delayed: 1, inFlight: 1, deadLetters: 1 });
    expect(stats.oldestAgeMs).toBeGreaterThanOrEqual(50);
    expect(stats.oldestAgeMs).toBeLessThan(10_000);
    const listed = await store.listQueues();
    expect(listed.find((s) => s.queue === queue.name)).toEqual({ ...stats, oldestAgeMs: expect.any(Number) });
    expect(listed.find((s) => s.queue === dead.name)).toMatchObject({ depth: 1, ready: 1 });
    expect(listed.map((s) => s.queue)).toEqual([...listed.map((s) => s.queue)].sort());
    await store.ack(held!);
  });

  it('lists dead letters with their reasons, page by page, optionally by origin', async (ctx) => {
    const store = storeFor(ctx.skip);
    const { queue, dead } = queueWithDeadLetters();
    const other = taskQueue({ deadLetter: dead.name });
    await kill(store, queue, ['d1', 'd2', 'd3']);
    await kill(store, other, ['o1', 'o2']);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await store.listDeadLetters(dead.name, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.letters.map((l) => l.id));
      after = page.next;
      pages++;
    } while (after);
    expect(seen).toEqual(['d1', 'd2', 'd3', 'o1', 'o2']);
    expect(pages).toBe(3);
    const fromOther = await store.listDeadLetters(dead.name, { origin: other.name });
    expect(fromOther.next).toBeUndefined();
    const letter = fromOther.letters[0]!;
    expect(letter).toMatchObject({
      id: 'o1',
      origin: other.name,
      queue: dead.name,
      reason: { reason: 'rejected', code: 'INTERNAL_HANDLER_FAILED', message: 'handler failed: bad o1', attempts: 1 },
    });
    expect(decodeUntyped(letter.envelope.payload)).toEqual({ orderId: 'o1' });
    expect(letter.deadAt).toBeGreaterThan(Date.now() - 10_000);
    await expect(store.listDeadLetters(dead.name, { after: 'page-2' })).rejects.toMatchObject({
      code: 'VALIDATION_BAD_ARGUMENT',
      details: { argument: 'after' },
    });
  });

  it('replays dead letters to their origin queues: by ids, by origin, or all', async (ctx) => {
    const store = storeFor(ctx.skip);
    const { queue, dead } = queueWithDeadLetters();
    const other = taskQueue({ deadLetter: dead.name });
    await kill(store, queue, ['r1', 'r2', 'r3']);
    await kill(store, other, ['s1']);
    expect(await store.replayDeadLetters(dead.name, { ids: ['r2'] })).toEqual({ replayed: 1, skipped: 0 });
    const [again] = await store.dequeue(queue);
    expect(again).toMatchObject({ id: 'r2', attempt: 1 });
    await store.ack(again!);
    expect(await store.replayDeadLetters(dead.name, { origin: other.name })).toEqual({ replayed: 1, skipped: 0 });
    expect((await store.dequeue(other)).map((m) => m.id)).toEqual(['s1']);
    expect(await store.replayDeadLetters(dead.name)).toEqual({ replayed: 2, skipped: 0 });
    expect(await store.stats(queue.name)).toMatchObject({ depth: 2, ready: 2, deadLetters: 0 });
    expect((await store.stats(dead.name)).depth).toBe(0);
  });

  it('leaves a letter in place when its id is queued in the origin again', async (ctx) => {
    const store = storeFor(ctx.skip);
    const { queue, dead } = queueWithDeadLetters();
    await kill(store, queue, ['dup']);
    // Past the deduplication window (a store that keeps no ids), the producer sends the id again.
    const forgetful = storeFor(ctx.skip, { dedupWindowMs: 0 });
    expect(await forgetful.enqueue(queue, task('dup'))).toEqual({ duplicate: false });
    expect(await store.replayDeadLetters(dead.name)).toEqual({ replayed: 0, skipped: 1 });
    expect((await store.stats(dead.name)).depth).toBe(1);
    expect((await store.stats(queue.name)).depth).toBe(1);
  });
}

/**
 * Durable queues in the runtime: `createRuntime({ queueStore })` hosts the
 * generated orders service's `fulfillment` queue (and its dead-letter queue
 * `fulfillmentDead`) on a QueueStore, on PGlite and on PostgreSQL. Producers
 * and consumers are the generated typed client, in process and over TCP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrdersService, createOrdersClient, defineOrdersService, type FulfillmentTask } from '../../../generated/index.js';
import type { QueueDescriptor } from '../../../runtime/descriptors.js';
import { isTypewireError } from '../../../runtime/errors/typewire-error.js';
import { connect, createServer } from '../../../runtime/net/tcp/tcp.js';
import { RuntimeMetrics } from '../../../runtime/observability/metrics/runtime-metrics.js';
import { currentTrace, runInTrace } from '../../../runtime/observability/tracing/trace-context.js';
import type { Runtime } from '../../../runtime/runtime.js';
import { openDatabase } from '../../../runtime/store/open-database.js';
import { QueueStore } from '../../../runtime/store/queue/index.js';
import { BACKENDS } from '../store/databases.js';
import { sample, storedIds, task, useDurableHarness, waitFor, type DurableHarness } from './durable-harness.js';

const { fulfillment } = OrdersService.queues;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Hosts the orders service (and so its queues) on `runtime`, behind a TCP server on a free loopback port. */
async function tcpHost(h: DurableHarness, runtime: Runtime): Promise<number> {
  runtime.serve(
    defineOrdersService({
      placeOrder: async (_request, ctx) => ctx.fail('INVALID_COUPON'),
      getOrder: async (request, ctx) => ctx.fail('ORDER_NOT_FOUND', `no order ${request.orderId}`),
    }),
  );
  const server = await createServer(runtime, { port: 0, host: '127.0.0.1', onError: () => undefined });
  h.later(() => server.terminate());
  return server.port!;
}

async function tcpProducer(h: DurableHarness, port: number, options: { validateOutbound?: boolean } = {}): Promise<Runtime> {
  const runtime = h.runtime({ source: 'remote-producer', ...options });
  const client = await connect(runtime, { port, reconnect: false, onError: () => undefined });
  h.later(() => client.close());
  return runtime;
}

describe.each(BACKENDS)('durable queues on %s', (backend) => {
  const h = useDurableHarness(backend);

  it('a generated client sends, a consumer in another runtime receives it typed, inside the producer trace, counted', async ({ skip }) => {
    const db = h.database(skip);
    const producerMetrics = new RuntimeMetrics();
    const consumerMetrics = new RuntimeMetrics();
    const producer = h.runtime({ source: 'producer', queueStore: h.store(db), tracing: true, metrics: producerMetrics });
    const consumer = h.runtime({ source: 'warehouse', queueStore: h.store(db), tracing: true, metrics: consumerMetrics });

    const sent = await runInTrace({ traceId: TRACE_ID, spanId: '00f067aa0ba902b7', flags: 1 }, () => createOrdersClient(producer).queues.fulfillment.send(task('ord-1')));
    expect(sent).toEqual({ duplicate: false });
    expect(await storedIds(db, 'fulfillment')).toHaveLength(1);
    expect(sample(await producerMetrics.metrics(), 'typewire_queue_depth{queue="queue.fulfillment"}')).toBe(1);

    const received: Array<{ task: FulfillmentTask; attempt: number; traceId: string | undefined; source: string | undefined }> = [];
    createOrdersClient(consumer).queues.fulfillment.consume((message, { attempt, envelope }) => {
      received.push({ task: message, attempt, traceId: currentTrace()?.traceId, source: envelope.source });
    });
    await waitFor(() => received.length === 1, 'the consumer to receive the task');
    expect(received[0]).toEqual({ task: task('ord-1'), attempt: 1, traceId: TRACE_ID, source: 'producer' });
    await waitFor(async () => (await storedIds(db, 'fulfillment')).length === 0, 'the ack to commit');

    expect(sample(await producerMetrics.metrics(), 'typewire_queue_enqueued_total{queue="queue.fulfillment"}')).toBe(1);
    const scraped = await consumerMetrics.metrics();
    expect(sample(scraped, 'typewire_queue_acked_total{queue="queue.fulfillment"}')).toBe(1);
    expect(sample(scraped, 'typewire_queue_depth{queue="queue.fulfillment"}')).toBe(0);
    expect(sample(scraped, 'typewire_queue_in_flight{queue="queue.fulfillment"}')).toBe(0);
    expect(sample(scraped, 'typewire_handler_duration_seconds_count{subject="queue.fulfillment"}')).toBe(1);
  });

  it('a send over TCP is acknowledged after the commit; duplicates and refusals reach the remote producer', async ({ skip }) => {
    const db = h.database(skip);
    const host = h.runtime({ source: 'host', queueStore: h.store(db) });
    const port = await tcpHost(h, host);
    const small: QueueDescriptor<FulfillmentTask> = { ...fulfillment, name: 'fulfillmentSmall', subject: 'queue.fulfillmentSmall', maxLength: 1 };
    await host.queue(small).send(task('fills-the-queue'));
    const remote = await tcpProducer(h, port);
    const queue = createOrdersClient(remote).queues.fulfillment;

    await expect(queue.send(task('ord-tcp'), { id: 'tcp-1' })).resolves.toEqual({ duplicate: false });
    // The acknowledgement left only after the commit: the row is there the moment the send resolves.
    expect(await storedIds(db, 'fulfillment')).toEqual(['tcp-1']);
    await expect(queue.send(task('ord-tcp-again'), { id: 'tcp-1' })).resolves.toEqual({ duplicate: true });
    expect(await storedIds(db, 'fulfillment')).toEqual(['tcp-1']);

    const full = await remote.queue(small).send(task('one-too-many')).catch((e: unknown) => e);
    expect(isTypewireError(full) && [full.code, full.retryable]).toEqual(['PERSISTENCE_QUEUE_FULL', true]);

    const careless = await tcpProducer(h, port, { validateOutbound: false });
    const invalid = await createOrdersClient(careless)
      .queues.fulfillment.send({ orderId: 'no-items', items: [] })
      .catch((e: unknown) => e);
    expect(isTypewireError(invalid) && invalid.code).toBe('VALIDATION_FAILED');
    expect(await storedIds(db, 'fulfillment')).toEqual(['tcp-1']);

    // The bytes stored as they came off the wire decode to the typed message, 64-bit integer included.
    const received: FulfillmentTask[] = [];
    createOrdersClient(host).queues.fulfillment.consume((message) => void received.push(message));
    await waitFor(() => received.length === 1, 'the TCP-sent task');
    expect(received).toEqual([task('ord-tcp')]);
  });

  it('a store that cannot take the message refuses the send with a retryable coded error', async ({ skip }) => {
    const db = h.database(skip);
    const closed = new QueueStore(db);
    await closed.close();
    const runtime = h.runtime({ queueStore: closed });
    const refused = await createOrdersClient(runtime)
      .queues.fulfillment.send(task('nowhere'))
      .catch((e: unknown) => e);
    expect(isTypewireError(refused) && [refused.code, refused.retryable]).toEqual(['PERSISTENCE_UNAVAILABLE', true]);
  });

  it('a poison message is retried maxRetries times, then lands in fulfillmentDead with its reason', async ({ skip }) => {
    const db = h.database(skip);
    const metrics = new RuntimeMetrics();
    // Backoff capped at 5 ms, so six attempts take milliseconds rather than the declared 1 s doubling.
    const store = h.store(db, { maxRetryDelayMs: 5 });
    const runtime = h.runtime({ queueStore: store, metrics });
    const orders = createOrdersClient(runtime);
    const attempts: number[] = [];
    orders.queues.fulfillment.consume((_message, { attempt }) => {
      attempts.push(attempt);
      throw new Error('cannot pick');
    });
    await orders.queues.fulfillment.send(task('poison'), { id: 'poison-1' });

    await waitFor(async () => (await store.listDeadLetters('fulfillmentDead')).letters.length === 1, 'the dead letter');
    const [letter] = (await store.listDeadLetters('fulfillmentDead')).letters;
    expect(letter).toMatchObject({ id: 'poison-1', origin: 'fulfillment', reason: { reason: 'max-retries', code: 'INTERNAL_HANDLER_FAILED', attempts: 6 } });
    expect(letter!.reason.message).toContain('cannot pick');
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sample(await metrics.metrics(), 'typewire_queue_dead_letters_total{queue="queue.fulfillment"}')).toBe(1);

    // The dead-letter queue is an ordinary durable queue: its typed consumer gets the task,
    // and reads why it died from the same headers an in-memory dead letter carries.
    const dead: FulfillmentTask[] = [];
    const headers: Array<Record<string, string> | undefined> = [];
    orders.queues.fulfillmentDead.consume((message, { envelope }) => {
      dead.push(message);
      headers.push(envelope.headers);
    });
    await waitFor(() => dead.length === 1, 'the dead-letter consumer');
    expect(dead).toEqual([task('poison')]);
    expect(headers[0]).toMatchObject({
      'typewire-dead-reason': 'max-retries',
      'typewire-attempts': '6',
      'typewire-dead-from': 'fulfillment',
      'typewire-error-code': 'INTERNAL_HANDLER_FAILED',
      'typewire-error-message': expect.stringContaining('cannot pick'),
    });
  });

  it('typed send options reach the store: priority order, delay, TTL, deduplication', async ({ skip }) => {
    const db = h.database(skip);
    const runtime = h.runtime({ queueStore: h.store(db) });
    const queue = createOrdersClient(runtime).queues.fulfillment;
    const sentAt = Date.now();
    await queue.send(task('low'), { id: 'low', priority: 0 });
    await queue.send(task('high'), { id: 'high', priority: 2 });
    await queue.send(task('mid'), { id: 'mid', priority: 1, ttlMs: 60_000 });
    await queue.send(task('later'), { id: 'later', priority: 2, delayMs: 1_500 });
    await queue.send(task('stale'), { id: 'stale', ttlMs: 1 });
    await expect(queue.send(task('low-again'), { id: 'low' })).resolves.toEqual({ duplicate: true });

    const { rows } = await db.query<{ id: string; priority: number; delay_ms: number; ttl_ms: number }>(
      `select id, priority, extract(epoch from visible_at - enqueued_at)::float8 * 1000 as delay_ms,
              extract(epoch from expires_at - enqueued_at)::float8 * 1000 as ttl_ms
       from typewire_queue_messages where queue = 'fulfillment' order by id`,
    );
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
    expect(Object.keys(byId).sort()).toEqual(['high', 'later', 'low', 'mid', 'stale']);
    expect([byId['low']!.priority, byId['mid']!.priority, byId['high']!.priority]).toEqual([0, 1, 2]);
    expect(byId['later']!.delay_ms).toBeCloseTo(1_500, 0);
    expect(byId['low']!.delay_ms).toBe(0);
    expect(byId['mid']!.ttl_ms).toBeGreaterThan(58_000);
    expect(byId['mid']!.ttl_ms).toBeLessThan(62_000);
    expect(byId['low']!.ttl_ms).toBeCloseTo(fulfillment.ttlMs, -3); // the queue's own TTL when the send sets none

    await new Promise((resolve) => setTimeout(resolve, 20)); // 'stale' expires
    const order: Array<{ id: string; at: number }> = [];
    queue.consume((message) => void order.push({ id: message.orderId, at: Date.now() }));
    await waitFor(() => order.length === 4, 'four deliveries');
    expect(order.map((o) => o.id)).toEqual(['high', 'mid', 'low', 'later']);
    expect(order[3]!.at - sentAt).toBeGreaterThanOrEqual(1_500);
    const store = h.store(db);
    await waitFor(async () => (await store.listDeadLetters('fulfillmentDead')).letters.length === 1, 'the expired message');
    expect((await store.listDeadLetters('fulfillmentDead')).letters[0]).toMatchObject({ id: 'stale', reason: { reason: 'expired' } });
  });

  it('a message survives a restart of the runtime and its store', async ({ skip }) => {
    h.database(skip);
    const dataDir = backend === 'pglite' ? await mkdtemp(join(tmpdir(), 'typewire-durable-')) : undefined;
    if (dataDir) h.later(() => rm(dataDir, { recursive: true, force: true }));
    const where = dataDir ? { dataDir } : { url: h.url()! };

    const first = await openDatabase(where);
    const firstStore = new QueueStore(first);
    const before = h.runtime({ source: 'before', queueStore: firstStore });
    await createOrdersClient(before).queues.fulfillment.send(task('kept'), { id: 'kept-1' });
    await before.close();
    await firstStore.close();
    await first.close();

    const second = await openDatabase(where);
    h.later(() => second.close());
    const after = h.runtime({ source: 'after', queueStore: h.store(second) });
    const received: Array<{ task: FulfillmentTask; id: string }> = [];
    createOrdersClient(after).queues.fulfillment.consume((message, { envelope }) => void received.push({ task: message, id: envelope.id }));
    await waitFor(() => received.length === 1, 'the message sent before the restart');
    expect(received).toEqual([{ task: task('kept'), id: 'kept-1' }]);
  }, 30_000);
});

import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RuntimeMetrics } from '../../../../runtime/observability/metrics/runtime-metrics.js';

/** The value of one sample line (`name{labels} value`) in the exposition, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('RuntimeMetrics', () => {
  it('counts messages and bytes in and out per subject', async () => {
    const metrics = new RuntimeMetrics();
    metrics.messageIn('orders.placeOrder', 120);
    metrics.messageIn('orders.placeOrder', 80);
    metrics.messageOut('order.placed', 50);
    metrics.messageOut('order.placed');
    metrics.messageDropped('nobody.listens');
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_messages_received_total{subject="orders.placeOrder"}')).toBe(2);
    expect(sample(text, 'typewire_received_bytes_total{subject="orders.placeOrder"}')).toBe(200);
    expect(sample(text, 'typewire_messages_sent_total{subject="order.placed"}')).toBe(2);
    expect(sample(text, 'typewire_sent_bytes_total{subject="order.placed"}')).toBe(50);
    expect(sample(text, 'typewire_messages_dropped_total{subject="nobody.listens"}')).toBe(1);
  });

  it('tracks handlers in flight, their latency and their errors by code', async () => {
    const metrics = new RuntimeMetrics({ latencyBuckets: [0.01, 0.1, 1] });
    metrics.handlerStart('orders.placeOrder');
    metrics.handlerStart('orders.placeOrder');
    metrics.handlerDone('orders.placeOrder', 0.05);
    let text = await metrics.metrics();
    expect(sample(text, 'typewire_handlers_in_flight{subject="orders.placeOrder"}')).toBe(1);
    metrics.handlerDone('orders.placeOrder', 0.5, 'OUT_OF_STOCK');
    text = await metrics.metrics();
    expect(sample(text, 'typewire_handlers_in_flight{subject="orders.placeOrder"}')).toBe(0);
    expect(sample(text, 'typewire_handler_duration_seconds_bucket{le="0.01",subject="orders.placeOrder"}')).toBe(0);
    expect(sample(text, 'typewire_handler_duration_seconds_bucket{le="0.1",subject="orders.placeOrder"}')).toBe(1);
    expect(sample(text, 'typewire_handler_duration_seconds_bucket{le="1",subject="orders.placeOrder"}')).toBe(2);
    expect(sample(text, 'typewire_handler_duration_seconds_count{subject="orders.placeOrder"}')).toBe(2);
    expect(sample(text, 'typewire_errors_total{subject="orders.placeOrder",code="OUT_OF_STOCK"}')).toBe(1);
  });

  it('counts a value equal to a bound in that bucket, and one above every bound only in +Inf', async () => {
    const metrics = new RuntimeMetrics({ latencyBuckets: [0.1, 1] });
    metrics.handlerDone('s', 0.1);
    metrics.handlerDone('s', 7);
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_handler_duration_seconds_bucket{le="0.1",subject="s"}')).toBe(1);
    expect(sample(text, 'typewire_handler_duration_seconds_bucket{le="1",subject="s"}')).toBe(1);
    expect(sample(text, 'typewire_handler_duration_seconds_bucket{le="+Inf",subject="s"}')).toBe(2);
    expect(sample(text, 'typewire_handler_duration_seconds_sum{subject="s"}')).toBeCloseTo(7.1);
  });

  it('exposes no series for a subject before anything is recorded on it', async () => {
    const metrics = new RuntimeMetrics();
    metrics.messageIn('only.in');
    const text = await metrics.metrics();
    expect(text).not.toContain('typewire_handler_duration_seconds_count{subject="only.in"}');
    expect(text).not.toContain('typewire_messages_sent_total{subject="only.in"}');
  });

  it('refuses latency buckets that are not strictly ascending', () => {
    expect(() => new RuntimeMetrics({ latencyBuckets: [1, 0.5] })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
    expect(() => new RuntimeMetrics({ latencyBuckets: [0.1, 0.1] })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });

  it('records call latency on the caller side and errors outside handlers', async () => {
    const metrics = new RuntimeMetrics();
    metrics.requestDone('orders.placeOrder', 0.002);
    metrics.requestDone('orders.placeOrder', 30, 'TIMEOUT_REQUEST');
    metrics.error('orders.placeOrder', 'VALIDATION_FAILED');
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_request_duration_seconds_count{subject="orders.placeOrder"}')).toBe(2);
    expect(sample(text, 'typewire_request_duration_seconds_sum{subject="orders.placeOrder"}')).toBeCloseTo(30.002);
    expect(sample(text, 'typewire_errors_total{subject="orders.placeOrder",code="TIMEOUT_REQUEST"}')).toBe(1);
    expect(sample(text, 'typewire_errors_total{subject="orders.placeOrder",code="VALIDATION_FAILED"}')).toBe(1);
  });

  it('reports queues and connections', async () => {
    const metrics = new RuntimeMetrics();
    metrics.queueDepth('orders.fulfillment', 12);
    metrics.queueInFlight('orders.fulfillment', 3);
    metrics.queueEnqueuedOne('orders.fulfillment');
    metrics.queueAckedOne('orders.fulfillment');
    metrics.deadLetter('orders.fulfillment');
    metrics.deadLetter('orders.fulfillment', 2);
    metrics.connectionOpened();
    metrics.connectionOpened();
    metrics.connectionClosed();
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_queue_depth{queue="orders.fulfillment"}')).toBe(12);
    expect(sample(text, 'typewire_queue_in_flight{queue="orders.fulfillment"}')).toBe(3);
    expect(sample(text, 'typewire_queue_enqueued_total{queue="orders.fulfillment"}')).toBe(1);
    expect(sample(text, 'typewire_queue_acked_total{queue="orders.fulfillment"}')).toBe(1);
    expect(sample(text, 'typewire_queue_dead_letters_total{queue="orders.fulfillment"}')).toBe(3);
    expect(sample(text, 'typewire_connections')).toBe(1);
    expect(sample(text, 'typewire_connections_opened_total')).toBe(2);
    metrics.connections(7);
    expect(sample(await metrics.metrics(), 'typewire_connections')).toBe(7);
  });

  it('reads queue depths from a source at scrape time', async () => {
    const metrics = new RuntimeMetrics();
    let depth = 3;
    metrics.setQueueSource(() => ({ 'orders.fulfillment': { depth, inFlight: 1 }, 'orders.fulfillment.dlq': 2 }));
    expect(sample(await metrics.metrics(), 'typewire_queue_depth{queue="orders.fulfillment"}')).toBe(3);
    depth = 9;
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_queue_depth{queue="orders.fulfillment"}')).toBe(9);
    expect(sample(text, 'typewire_queue_in_flight{queue="orders.fulfillment"}')).toBe(1);
    expect(sample(text, 'typewire_queue_depth{queue="orders.fulfillment.dlq"}')).toBe(2);
  });

  it('reads an async queue source once per scrape, and a failing one fails the scrape', async () => {
    const metrics = new RuntimeMetrics();
    let reads = 0;
    let fail = false;
    metrics.setQueueSource(async () => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (fail) throw new Error('store unreachable');
      return { 'queue.fulfillment': { depth: 4, inFlight: 2 } };
    });
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_queue_depth{queue="queue.fulfillment"}')).toBe(4);
    expect(sample(text, 'typewire_queue_in_flight{queue="queue.fulfillment"}')).toBe(2);
    expect(reads).toBe(1);
    await metrics.metrics();
    expect(reads).toBe(2);
    fail = true;
    await expect(metrics.metrics()).rejects.toThrow('store unreachable');
    fail = false;
    expect(sample(await metrics.metrics(), 'typewire_queue_depth{queue="queue.fulfillment"}')).toBe(4);
  });

  it('folds subjects, queues and codes beyond the limit into other', async () => {
    const metrics = new RuntimeMetrics({ maxLabelValues: 2 });
    for (const subject of ['a', 'b', 'c', 'd', 'a']) metrics.messageIn(subject);
    for (const queue of ['q1', 'q2', 'q3']) metrics.deadLetter(queue);
    for (const code of ['E1', 'E2', 'E3', 'E4']) metrics.error('a', code);
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_messages_received_total{subject="a"}')).toBe(2);
    expect(sample(text, 'typewire_messages_received_total{subject="b"}')).toBe(1);
    expect(sample(text, 'typewire_messages_received_total{subject="other"}')).toBe(2);
    expect(sample(text, 'typewire_messages_received_total{subject="c"}')).toBeUndefined();
    expect(sample(text, 'typewire_queue_dead_letters_total{queue="other"}')).toBe(1);
    expect(sample(text, 'typewire_errors_total{subject="a",code="other"}')).toBe(2);
    expect(text.split('\n').filter((l) => l.startsWith('typewire_messages_received_total{'))).toHaveLength(3);
  });

  it('gives all reply inboxes one label value, without using up the limit', async () => {
    const metrics = new RuntimeMetrics({ maxLabelValues: 1 });
    for (let i = 0; i < 5; i++) metrics.messageIn(`_INBOX.abc${i}`);
    metrics.messageIn('orders.placeOrder');
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_messages_received_total{subject="_INBOX"}')).toBe(5);
    expect(sample(text, 'typewire_messages_received_total{subject="orders.placeOrder"}')).toBe(1);
  });

  it('uses a private registry: two instances do not collide and the global registry stays empty', async () => {
    const a = new RuntimeMetrics();
    const b = new RuntimeMetrics();
    a.messageIn('x');
    expect(sample(await b.metrics(), 'typewire_messages_received_total{subject="x"}')).toBeUndefined();
    expect(await globalRegistry.getSingleMetricAsString('typewire_messages_received_total').catch(() => 'absent')).toBe('absent');
  });

  it('takes a prefix, default labels and, on request, process metrics', async () => {
    const metrics = new RuntimeMetrics({ prefix: 'app_', defaultLabels: { source: 'orders-1' }, processMetrics: true });
    metrics.messageIn('x');
    const text = await metrics.metrics();
    expect(sample(text, 'app_messages_received_total{subject="x",source="orders-1"}')).toBe(1);
    expect(text).toContain('app_process_cpu_user_seconds_total');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });
});

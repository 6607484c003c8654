/**
 * Metrics, tracing and logging wired into runtimes, end to end: a caller
 * runtime joined to a service runtime by an in-process link, a second caller
 * over TCP, a method call (one succeeding, one failing with a declared
 * error), an event and a queue message. The service's /metrics output is
 * read over HTTP and checked with promtool; log lines written inside the
 * handlers must carry the caller's trace id.
 */
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { OrdersService, createOrdersClient, defineOrdersService, type FulfillmentTask, type PlaceOrderRequest } from '../../../../generated/index.js';
import { createRuntime } from '../../../../runtime/node-runtime.js';
import { createRuntime as createPlainRuntime, type Runtime } from '../../../../runtime/runtime.js';
import { createClient } from '../../../../runtime/rpc/create-client.js';
import { defineService } from '../../../../runtime/rpc/define-service.js';
import { createInProcessPair } from '../../../../runtime/transport/in-process.js';
import { connect, createServer } from '../../../../runtime/net/tcp/tcp.js';
import type { NetClient } from '../../../../runtime/net/client.js';
import type { NetServer } from '../../../../runtime/net/server.js';
import { createLogger, type Logger } from '../../../../runtime/observability/logging/create-logger.js';
import { RuntimeMetrics } from '../../../../runtime/observability/metrics/runtime-metrics.js';
import type { AdminServer } from '../../../../runtime/observability/metrics/admin-server.js';
import { setSpanSink, type SpanRecord } from '../../../../runtime/observability/tracing/span.js';
import { runInTrace } from '../../../../runtime/observability/tracing/trace-context.js';
import { startRuntimeAdmin } from '../../../../runtime/observability/wiring/runtime-admin.js';
import { isTypewireError, TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { ShopService } from '../../fixtures/shop.js';

const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = probe.error === undefined && probe.status === 0;
if (!hasPromtool && process.env['CI'] === 'true') throw new Error("promtool is missing in CI: .ci/run installs Debian's prometheus package");
if (!hasPromtool) console.warn('runtime observability: the promtool check is skipped, promtool not found (apt-get install prometheus)');

/** Log lines, parsed, in the order they were written. */
function memoryStream(): Writable & { json: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter((l) => l !== ''));
      done();
    },
  });
  return Object.assign(stream, { json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) });
}

const order: PlaceOrderRequest = {
  customerId: 'c-1',
  items: [{ sku: 'ABC-1234', quantity: 2, unitPriceCents: 1_500n }],
  shipping: { street: '1 Long Street', city: 'Berlin', country: 'DE' },
};
const task: FulfillmentTask = { orderId: 'ord-1', items: order.items };

const trace = (traceId: string) => ({ traceId, spanId: '00f067aa0ba902b7', flags: 1 });
const IN_PROCESS_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const TCP_TRACE = '0af7651916cd43dd8448eb211c80319c';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  setSpanSink(undefined);
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The value of one series in a Prometheus text exposition, or undefined when absent. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

interface Service {
  readonly runtime: Runtime;
  readonly metrics: RuntimeMetrics;
  readonly logs: ReturnType<typeof memoryStream>;
}

/** The orders service, logging inside every handler through runtime.logger. */
async function orderService(): Promise<Service> {
  const logs = memoryStream();
  const metrics = new RuntimeMetrics();
  const logger: Logger = await createLogger({ destination: logs, name: 'orders', pretty: false });
  const runtime = createRuntime({ source: 'orders', metrics, tracing: true, logger, onError: () => undefined });
  cleanups.push(() => runtime.close());
  const log = runtime.logger!;
  runtime.serve(
    defineOrdersService({
      async placeOrder(request, ctx) {
        await Promise.resolve(); // the trace must survive an await
        log.info({ customer: request.customerId }, 'placing order');
        const line = request.items[0]!;
        if (line.quantity > 10) ctx.fail('OUT_OF_STOCK', { sku: line.sku, requested: line.quantity, available: 10 });
        await ctx.emit('orderPlaced', { orderId: 'ord-1', customerId: request.customerId, totalCents: 3_000n, lines: 1, placedAt: '2024-01-01T00:00:00Z' });
        return { orderId: 'ord-1', status: 'accepted', totalCents: 3_000n };
      },
      async getOrder(request, ctx) {
        return ctx.fail('ORDER_NOT_FOUND', `no order ${request.orderId}`);
      },
    }),
  );
  return { runtime, metrics, logs };
}

async function callerRuntime(name: string): Promise<{ runtime: Runtime; metrics: RuntimeMetrics; logs: ReturnType<typeof memoryStream> }> {
  const logs = memoryStream();
  const metrics = new RuntimeMetrics();
  const runtime = createRuntime({ source: name, metrics, tracing: true, logger: await createLogger({ destination: logs, name, pretty: false }), onError: () => undefined });
  cleanups.push(() => runtime.close());
  return { runtime, metrics, logs };
}

describe('a runtime with metrics, tracing and a logger', () => {
  it('carries the caller trace into handler logs over a link and TCP, and exposes the counts on /metrics', async () => {
    const spans: SpanRecord[] = [];
    setSpanSink((record) => spans.push(record));
    const service = await orderService();

    // A caller joined by an in-process link.
    const local = await callerRuntime('shop');
    const [a, b] = createInProcessPair();
    await Promise.all([service.runtime.connect(a), local.runtime.connect(b)]);
    const orders = createOrdersClient(local.runtime);
    const seenEvents: string[] = [];
    orders.events.orderPlaced.subscribe((event) => {
      local.runtime.logger!.info({ orderId: event.orderId }, 'order event seen');
      seenEvents.push(event.orderId);
    });
    const handled: string[] = [];
    createOrdersClient(service.runtime).queues.fulfillment.consume((message) => {
      service.runtime.logger!.info({ orderId: message.orderId }, 'fulfilling');
      handled.push(message.orderId);
    });
    await local.runtime.flush();

    await runInTrace(trace(IN_PROCESS_TRACE), async () => {
      await expect(orders.placeOrder(order)).resolves.toMatchObject({ orderId: 'ord-1' });
      const refused = await orders.placeOrder({ ...order, items: [{ ...order.items[0]!, quantity: 50 }] }).catch((e: unknown) => e);
      expect(isTypewireError(refused) && refused.code).toBe('OUT_OF_STOCK');
      await orders.queues.fulfillment.send(task);
    });
    await waitFor(() => seenEvents.length === 1 && handled.length === 1, 'the event and the queue message');

    // A caller over TCP.
    const tcpServer: NetServer = await createServer(service.runtime, { port: 0, host: '127.0.0.1', onError: () => undefined });
    cleanups.push(() => tcpServer.terminate());
    const remote = await callerRuntime('tcp-shop');
    const client: NetClient = await connect(remote.runtime, { port: tcpServer.port!, reconnect: false, onError: () => undefined });
    cleanups.push(() => client.close());
    await runInTrace(trace(TCP_TRACE), () => createOrdersClient(remote.runtime).placeOrder(order));

    // Every line written inside a handler carries the trace of the call that caused it.
    const placing = service.logs.json().filter((l) => l['msg'] === 'placing order');
    expect(placing.map((l) => l['trace_id'])).toEqual([IN_PROCESS_TRACE, IN_PROCESS_TRACE, TCP_TRACE]);
    for (const line of placing) expect(line['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(service.logs.json().find((l) => l['msg'] === 'fulfilling')?.['trace_id']).toBe(IN_PROCESS_TRACE);
    // The events crossed back over the link, each inside the trace of the call that caused it.
    await waitFor(() => seenEvents.length === 2, 'the second event');
    expect(local.logs.json().filter((l) => l['msg'] === 'order event seen').map((l) => l['trace_id'])).toEqual([IN_PROCESS_TRACE, TCP_TRACE]);

    // Spans link up: the service's span is the child of the caller's call span.
    const callSpan = spans.find((s) => s.kind === 'client' && s.traceId === TCP_TRACE && s.name === 'orders.placeOrder');
    const serverSpan = spans.find((s) => s.kind === 'server' && s.traceId === TCP_TRACE);
    expect(callSpan?.parentSpanId).toBe('00f067aa0ba902b7');
    expect(serverSpan?.parentSpanId).toBe(callSpan?.spanId);
    expect(spans.find((s) => s.kind === 'server' && s.status === 'error')?.errorCode).toBe('OUT_OF_STOCK');

    // The service's metrics, scraped over HTTP.
    const admin: AdminServer = await startRuntimeAdmin(service.runtime, { port: 0 });
    cleanups.push(() => admin.close());
    const text = await (await fetch(`${admin.url}/metrics`)).text();
    const m = (series: string) => sample(text, series);
    expect(m('typewire_messages_received_total{subject="orders.placeOrder"}')).toBe(3);
    expect(m('typewire_received_bytes_total{subject="orders.placeOrder"}')).toBeGreaterThan(3 * 50);
    expect(m('typewire_messages_sent_total{subject="order.placed"}')).toBe(2); // one per accepted order, to the subscribing link
    expect(m('typewire_messages_sent_total{subject="_INBOX"}')).toBe(4); // three replies and the queue's acknowledgement
    expect(m('typewire_handler_duration_seconds_count{subject="orders.placeOrder"}')).toBe(3);
    expect(m('typewire_handler_duration_seconds_bucket{le="+Inf",subject="orders.placeOrder"}')).toBe(3);
    expect(m('typewire_errors_total{subject="orders.placeOrder",code="OUT_OF_STOCK"}')).toBe(1);
    expect(m('typewire_handlers_in_flight{subject="orders.placeOrder"}')).toBe(0);
    expect(m('typewire_handler_duration_seconds_count{subject="queue.fulfillment"}')).toBe(1);
    expect(m('typewire_queue_enqueued_total{queue="queue.fulfillment"}')).toBe(1);
    expect(m('typewire_queue_acked_total{queue="queue.fulfillment"}')).toBe(1);
    expect(m('typewire_queue_depth{queue="queue.fulfillment"}')).toBe(0);
    expect(m('typewire_queue_in_flight{queue="queue.fulfillment"}')).toBe(0);
    expect(m('typewire_connections')).toBe(1);
    expect(m('typewire_connections_opened_total')).toBe(1);

    // The caller measured its calls, failures by code.
    const caller = await local.metrics.metrics();
    expect(sample(caller, 'typewire_request_duration_seconds_count{subject="orders.placeOrder"}')).toBe(2);
    expect(sample(caller, 'typewire_errors_total{subject="orders.placeOrder",code="OUT_OF_STOCK"}')).toBe(1);
    expect(sample(caller, 'typewire_request_duration_seconds_count{subject="queue.fulfillment"}')).toBe(1);
    expect(sample(caller, 'typewire_messages_received_total{subject="order.placed"}')).toBe(2);
    expect(sample(await remote.metrics.metrics(), 'typewire_connections')).toBe(1);

    if (hasPromtool) {
      const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
      expect(result.status).toBe(0);
    }

    // Readiness follows the runtime: ready while open, not once it is closing.
    expect((await fetch(`${admin.url}/readyz`)).status).toBe(200);
    await client.close();
    await waitFor(() => tcpServer.sessions.size === 0, 'the TCP session to close');
    expect(sample(await service.metrics.metrics(), 'typewire_connections')).toBe(0);
    await service.runtime.close();
    expect((await fetch(`${admin.url}/readyz`)).status).toBe(503);
  });

  it('starts a trace for a call made outside any; a runtime without tracing stamps nothing', async () => {
    const service = await orderService();
    const requests: Array<string | undefined> = [];
    service.runtime.bus.subscribe('orders.placeOrder', (envelope) => void requests.push(envelope.traceparent));
    const traced = await callerRuntime('traced');
    const untraced = createRuntime({ source: 'untraced', onError: () => undefined });
    cleanups.push(() => untraced.close());
    const events: Array<string | undefined> = [];
    for (const caller of [traced.runtime, untraced]) {
      const [a, b] = createInProcessPair();
      await Promise.all([service.runtime.connect(a), caller.connect(b)]);
      const sub = caller.subscribe(OrdersService.events.orderPlaced, (_event, envelope) => void events.push(envelope.traceparent));
      await caller.flush();
      await createOrdersClient(caller).placeOrder(order);
      await waitFor(() => events.length === requests.length, 'the event');
      sub.unsubscribe();
    }
    expect(requests).toHaveLength(2);
    // The traced caller started a trace for its call; the untraced one sent none, and the service started its own.
    expect(requests[0]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(requests[1]).toBeUndefined();
    const placing = service.logs.json().filter((l) => l['msg'] === 'placing order').map((l) => l['trace_id'] as string);
    expect(placing[0]).toBe(requests[0]!.slice(3, 35));
    expect(placing[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(placing[1]).not.toBe(placing[0]);
    // Events carry the trace of the handler that emitted them.
    expect(events[0]).toContain(placing[0]);
    expect(events[1]).toContain(placing[1]);
  });

  it('counts handler failures by code, logs them inside their trace, and counts dead letters', async () => {
    const logs = memoryStream();
    const metrics = new RuntimeMetrics();
    // No onError: errors with no caller go to the logger.
    const runtime = createRuntime({ metrics, tracing: true, logger: await createLogger({ destination: logs, pretty: false }) });
    cleanups.push(() => runtime.close());
    runtime.serve(
      defineService(ShopService, {
        place: async () => ({ orderId: 'x', cents: 0n }),
        subscriptions: {
          anyOrder: () => {
            throw new Error('subscription bug');
          },
        },
      }),
    );
    const shop = createClient(runtime, ShopService);
    shop.events.placed.subscribe(() => {
      throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'subscriber store down');
    });
    const consumer = shop.queues.tasks.consume(() => {
      throw new Error('poison');
    });
    cleanups.push(() => consumer.close());
    await runInTrace(trace(IN_PROCESS_TRACE), async () => {
      await shop.events.placed.publish({ orderId: 'o-1' });
      await shop.queues.tasks.send({ orderId: 't-1' });
    });
    const text = async () => metrics.metrics();
    await waitFor(() => runtime.stats().failed >= 1, 'the subscriber to fail');
    const started = Date.now();
    while (sample(await text(), 'typewire_queue_dead_letters_total{queue="queue.tasks"}') !== 1 && Date.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const exposition = await text();
    expect(sample(exposition, 'typewire_errors_total{subject="shop.order.placed",code="INTERNAL_HANDLER_FAILED"}')).toBe(1);
    expect(sample(exposition, 'typewire_errors_total{subject="shop.order.placed",code="PERSISTENCE_UNAVAILABLE"}')).toBe(1);
    expect(sample(exposition, 'typewire_errors_total{subject="queue.tasks",code="INTERNAL_HANDLER_FAILED"}')).toBe(3);
    expect(sample(exposition, 'typewire_queue_dead_letters_total{queue="queue.tasks"}')).toBe(1);
    expect(sample(exposition, 'typewire_queue_enqueued_total{queue="queue.dead"}')).toBe(1);
    expect(sample(exposition, 'typewire_queue_acked_total{queue="queue.tasks"}')).toBeUndefined();
    const failure = logs.json().find((l) => typeof l['msg'] === 'string' && (l['msg'] as string).includes('anyOrder subscription handler failed'));
    expect(failure).toMatchObject({ level: 50, trace_id: IN_PROCESS_TRACE });
    expect((failure?.['err'] as { message?: string } | undefined)?.message).toBe('subscription bug');
  });

  it('is refused by the browser-safe createRuntime, which cannot trace', () => {
    expect(() => createPlainRuntime({ tracing: true })).toThrow(/typewire\/browser/);
    expect(() => createPlainRuntime({ metrics: new RuntimeMetrics() })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });
});

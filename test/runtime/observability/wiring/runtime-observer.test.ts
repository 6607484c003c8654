import { describe, expect, it } from 'vitest';
import { createEnvelope } from '../../../../runtime/envelope.js';
import { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { RuntimeMetrics } from '../../../../runtime/observability/metrics/runtime-metrics.js';
import { currentTrace, runInTrace } from '../../../../runtime/observability/tracing/trace-context.js';
import { parseTraceparent } from '../../../../runtime/observability/tracing/traceparent.js';
import { createRuntimeObserver } from '../../../../runtime/observability/wiring/runtime-observer.js';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const PARENT = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: 1 };
const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('createRuntimeObserver', () => {
  it('is undefined when there is neither metrics nor tracing, so the runtime observes nothing', () => {
    expect(createRuntimeObserver({})).toBeUndefined();
    expect(createRuntimeObserver({ tracing: false })).toBeUndefined();
  });

  it('stamps a publish with the current span, or a new trace outside any', () => {
    const observer = createRuntimeObserver({ tracing: true })!;
    const inside = createEnvelope('order.placed', {});
    runInTrace(PARENT, () => observer.stamp(inside));
    expect(inside.traceparent).toBe(INCOMING);
    const outside = createEnvelope('order.placed', {});
    observer.stamp(outside);
    expect(parseTraceparent(outside.traceparent)?.traceId).not.toBe(PARENT.traceId);
    expect(parseTraceparent(outside.traceparent)).toBeDefined();
  });

  it('with startTraces false carries traces on but starts none', () => {
    const observer = createRuntimeObserver({ tracing: { startTraces: false } })!;
    const outside = createEnvelope('order.placed', {});
    observer.stamp(outside);
    observer.call(outside)();
    expect(outside.traceparent).toBeUndefined();
    expect(observer.handle(outside, 'order.placed', 'consumer', () => currentTrace())).toBeUndefined();
    const inside = createEnvelope('orders.placeOrder', {});
    runInTrace(PARENT, () => observer.call(inside));
    expect(parseTraceparent(inside.traceparent)?.traceId).toBe(PARENT.traceId);
  });

  it('runs a handler in a child span of the incoming traceparent, across awaits', async () => {
    const observer = createRuntimeObserver({ tracing: true })!;
    const seen = await observer.handle(createEnvelope('orders.placeOrder', {}, { traceparent: INCOMING }), 'orders.placeOrder', 'server', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTrace();
    });
    expect(seen?.traceId).toBe(PARENT.traceId);
    expect(seen?.spanId).not.toBe(PARENT.spanId);
    expect(currentTrace()).toBeUndefined();
  });

  it('with metrics only, times and counts handlers and calls without entering a trace', async () => {
    const metrics = new RuntimeMetrics();
    const observer = createRuntimeObserver({ metrics })!;
    const envelope = createEnvelope('orders.placeOrder', {}, { traceparent: INCOMING });
    expect(observer.handle(envelope, 'orders.placeOrder', 'server', () => currentTrace())).toBeUndefined();
    expect(() =>
      observer.handle(envelope, 'orders.placeOrder', 'server', () => {
        throw new TypewireError('OUT_OF_STOCK', 'none left');
      }),
    ).toThrow('none left');
    await observer.handle(envelope, 'orders.placeOrder', 'server', async (probe) => probe.failed(new TypewireError('ORDER_NOT_FOUND', 'no')));
    await expect(observer.handle(envelope, 'orders.placeOrder', 'server', () => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    const call = createEnvelope('orders.placeOrder', {});
    observer.call(call)(new TypewireError('TIMEOUT_REQUEST', 'late'));
    expect(call.traceparent).toBeUndefined();
    observer.dropped('nobody.listens');
    const text = await metrics.metrics();
    expect(sample(text, 'typewire_handler_duration_seconds_count{subject="orders.placeOrder"}')).toBe(4);
    expect(sample(text, 'typewire_handlers_in_flight{subject="orders.placeOrder"}')).toBe(0);
    expect(sample(text, 'typewire_errors_total{subject="orders.placeOrder",code="OUT_OF_STOCK"}')).toBe(1);
    expect(sample(text, 'typewire_errors_total{subject="orders.placeOrder",code="ORDER_NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'typewire_errors_total{subject="orders.placeOrder",code="INTERNAL_HANDLER_FAILED"}')).toBe(1);
    expect(sample(text, 'typewire_errors_total{subject="orders.placeOrder",code="TIMEOUT_REQUEST"}')).toBe(1);
    expect(sample(text, 'typewire_request_duration_seconds_count{subject="orders.placeOrder"}')).toBe(1);
    expect(sample(text, 'typewire_messages_dropped_total{subject="nobody.listens"}')).toBe(1);
  });
});

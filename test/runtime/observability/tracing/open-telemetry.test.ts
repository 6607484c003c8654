import { context, SpanStatusCode, trace, type TracerProvider } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { traceparentForOutgoing, withIncomingTrace } from '../../../../runtime/observability/tracing/boundaries.js';
import { disableOpenTelemetry, enableOpenTelemetry } from '../../../../runtime/observability/tracing/open-telemetry.js';
import { setSpanSink, startSpan, type SpanRecord } from '../../../../runtime/observability/tracing/span.js';
import { currentTrace } from '../../../../runtime/observability/tracing/trace-context.js';
import { parseTraceparent } from '../../../../runtime/observability/tracing/traceparent.js';
import { AlsContextManager, RecordingTracer } from './otel-fakes.js';

const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('enableOpenTelemetry with an SDK registered', () => {
  let tracer: RecordingTracer;
  let records: SpanRecord[];

  beforeEach(async () => {
    tracer = new RecordingTracer();
    const provider: TracerProvider = { getTracer: () => tracer };
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AlsContextManager());
    records = [];
    setSpanSink((record) => records.push(record));
    expect(await enableOpenTelemetry()).toBe(true);
  });

  afterEach(() => {
    disableOpenTelemetry();
    setSpanSink(undefined);
    trace.disable();
    context.disable();
  });

  it('makes spans with the OpenTelemetry tracer instead of the built-in sink', () => {
    const span = startSpan('work', { kind: 'producer', attributes: { a: 1 } });
    span.end();
    expect(tracer.spans).toHaveLength(1);
    expect(tracer.spans[0]).toMatchObject({ name: 'work', ended: true, options: { kind: 3, attributes: { a: 1 }, root: true } });
    expect(span.context.spanId).toBe(tracer.spans[0]?.context.spanId);
    expect(records).toEqual([]);
  });

  it('continues an incoming traceparent and makes the span active for OpenTelemetry code in the handler', async () => {
    const seen = await withIncomingTrace(
      INCOMING,
      async () => {
        await Promise.resolve();
        return { ours: currentTrace(), theirs: trace.getActiveSpan()?.spanContext() };
      },
      { name: 'orders.placeOrder', kind: 'server' },
    );
    const span = tracer.spans[0]!;
    expect(span.parent).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', isRemote: true });
    expect(span.options.kind).toBe(1);
    expect(seen.theirs?.spanId).toBe(span.context.spanId);
    expect(seen.ours?.spanId).toBe(span.context.spanId);
    expect(span.ended).toBe(true);
  });

  it('sees a span the user started inside a handler, so outgoing messages are its children', () => {
    const outgoing = withIncomingTrace(INCOMING, () => {
      const inner = trace.getTracer('app').startSpan('db.query');
      return context.with(trace.setSpan(context.active(), inner), () => traceparentForOutgoing());
    });
    const inner = tracer.spans[1]!;
    expect(inner.parent?.spanId).toBe(tracer.spans[0]?.context.spanId);
    expect(parseTraceparent(outgoing)?.spanId).toBe(inner.context.spanId);
  });

  it('marks a failed span with status ERROR and the typewire code', () => {
    startSpan('x').end('error', new TypewireError('TIMEOUT_REQUEST', 'slow'));
    expect(tracer.spans[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'slow' });
    expect(tracer.spans[0]?.attributes['typewire.error.code']).toBe('TIMEOUT_REQUEST');
  });

  it('goes back to the built-in tracer when disabled', () => {
    disableOpenTelemetry();
    startSpan('after').end();
    expect(tracer.spans).toEqual([]);
    expect(records.map((r) => r.name)).toEqual(['after']);
  });
});

describe('enableOpenTelemetry without an SDK', () => {
  afterEach(() => {
    disableOpenTelemetry();
    setSpanSink(undefined);
  });

  it('falls back to built-in spans, so trace context still propagates', async () => {
    const records: SpanRecord[] = [];
    setSpanSink((record) => records.push(record));
    expect(await enableOpenTelemetry()).toBe(true);
    const seen = withIncomingTrace(INCOMING, () => currentTrace());
    expect(seen?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(seen?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(seen?.spanId).not.toBe('00f067aa0ba902b7');
    expect(records).toEqual([expect.objectContaining({ parentSpanId: '00f067aa0ba902b7' })]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { traceparentForOutgoing, withIncomingTrace } from '../../../../runtime/observability/tracing/boundaries.js';
import { setSpanSink, type SpanRecord } from '../../../../runtime/observability/tracing/span.js';
import { currentTrace, runInTrace } from '../../../../runtime/observability/tracing/trace-context.js';
import { parseTraceparent } from '../../../../runtime/observability/tracing/traceparent.js';

const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function recordSpans(): SpanRecord[] {
  const records: SpanRecord[] = [];
  setSpanSink((record) => records.push(record));
  return records;
}

afterEach(() => setSpanSink(undefined));

describe('traceparentForOutgoing', () => {
  it('starts a new valid trace outside any trace, a different one each time', () => {
    const a = parseTraceparent(traceparentForOutgoing());
    const b = parseTraceparent(traceparentForOutgoing());
    expect(a).toBeDefined();
    expect(a?.traceId).not.toBe(b?.traceId);
    expect(a?.flags).toBe(1);
  });

  it('names the current span as the parent inside a trace', () => {
    const context = parseTraceparent(INCOMING)!;
    expect(runInTrace(context, traceparentForOutgoing)).toBe(INCOMING);
  });
});

describe('withIncomingTrace', () => {
  it('runs the handler in a child span of the incoming traceparent', async () => {
    const records = recordSpans();
    const seen = await withIncomingTrace(INCOMING, async () => {
      await Promise.resolve();
      return { current: currentTrace(), outgoing: traceparentForOutgoing() };
    }, { name: 'orders.placeOrder', kind: 'server' });
    expect(seen.current?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(seen.current?.spanId).not.toBe('00f067aa0ba902b7');
    // A message sent from inside the handler continues the same trace, parented on the handler's span.
    expect(parseTraceparent(seen.outgoing)).toEqual(seen.current);
    expect(records).toEqual([expect.objectContaining({ name: 'orders.placeOrder', kind: 'server', parentSpanId: '00f067aa0ba902b7', status: 'ok' })]);
  });

  it('starts a new root for an absent or invalid traceparent', () => {
    const records = recordSpans();
    withIncomingTrace(undefined, () => undefined);
    withIncomingTrace('00-nonsense', () => undefined);
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.parentSpanId === undefined && r.kind === 'consumer' && r.name === 'message')).toBe(true);
  });

  it('passes the result through and ends synchronous work at once', () => {
    const records = recordSpans();
    expect(withIncomingTrace(INCOMING, () => 42)).toBe(42);
    expect(records).toHaveLength(1);
  });

  it('ends the span with status error and rethrows when the handler throws', () => {
    const records = recordSpans();
    const error = new TypewireError('VALIDATION_FAILED', 'bad');
    expect(() =>
      withIncomingTrace(INCOMING, () => {
        throw error;
      }),
    ).toThrow(error);
    expect(records[0]).toMatchObject({ status: 'error', errorCode: 'VALIDATION_FAILED' });
  });

  it('ends the span with status error when the returned promise rejects, and still rejects to the caller', async () => {
    const records = recordSpans();
    await expect(withIncomingTrace(INCOMING, () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    expect(records[0]).toMatchObject({ status: 'error', errorCode: 'Error', errorMessage: 'nope' });
  });

  it('leaves no trace behind once the handler is done', async () => {
    await withIncomingTrace(INCOMING, async () => {});
    expect(currentTrace()).toBeUndefined();
  });
});

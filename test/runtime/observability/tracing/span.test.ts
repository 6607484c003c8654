import { afterEach, describe, expect, it } from 'vitest';
import { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { runInSpan, setSpanSink, startSpan, type SpanRecord } from '../../../../runtime/observability/tracing/span.js';
import { currentTrace, runInTrace } from '../../../../runtime/observability/tracing/trace-context.js';
import { parseTraceparent, type TraceContext } from '../../../../runtime/observability/tracing/traceparent.js';

const PARENT: TraceContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: 1 };

function recordSpans(): SpanRecord[] {
  const records: SpanRecord[] = [];
  setSpanSink((record) => records.push(record));
  return records;
}

afterEach(() => setSpanSink(undefined));

describe('runInTrace and currentTrace', () => {
  it('has no trace outside, and keeps it across awaits, timers and nested runs', async () => {
    expect(currentTrace()).toBeUndefined();
    const inner: TraceContext = { ...PARENT, spanId: '1111111111111111' };
    const seen = await runInTrace(PARENT, async () => {
      const before = currentTrace();
      await new Promise((resolve) => setTimeout(resolve, 1));
      const afterTimer = currentTrace();
      const nested = runInTrace(inner, () => currentTrace());
      const afterNested = currentTrace();
      return { before, afterTimer, nested, afterNested };
    });
    expect(seen).toEqual({ before: PARENT, afterTimer: PARENT, nested: inner, afterNested: PARENT });
    expect(currentTrace()).toBeUndefined();
  });

  it('keeps concurrent traces apart', async () => {
    const a = { ...PARENT, spanId: 'aaaaaaaaaaaaaaaa' };
    const b = { ...PARENT, spanId: 'bbbbbbbbbbbbbbbb' };
    const read = async (): Promise<string | undefined> => {
      await Promise.resolve();
      return currentTrace()?.spanId;
    };
    expect(await Promise.all([runInTrace(a, read), runInTrace(b, read)])).toEqual([a.spanId, b.spanId]);
  });
});

describe('startSpan', () => {
  it('starts a new sampled root outside any trace', () => {
    const span = startSpan('work');
    expect(span.context.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.context.flags).toBe(1);
    expect(parseTraceparent(span.traceparent)).toEqual(span.context);
  });

  it('is a child of the current trace by default, keeping its trace id and flags', () => {
    const span = runInTrace(PARENT, () => startSpan('child'));
    expect(span.context.traceId).toBe(PARENT.traceId);
    expect(span.context.spanId).not.toBe(PARENT.spanId);
  });

  it('takes an explicit parent (context or traceparent), or null for a new root', () => {
    const records = recordSpans();
    runInTrace(PARENT, () => {
      startSpan('a', { parent: { ...PARENT, spanId: 'cccccccccccccccc' } }).end();
      startSpan('b', { parent: `00-${PARENT.traceId}-dddddddddddddddd-01` }).end();
      startSpan('c', { parent: null }).end();
      startSpan('d', { parent: 'garbage' }).end();
    });
    expect(records.map((r) => [r.name, r.parentSpanId])).toEqual([
      ['a', 'cccccccccccccccc'],
      ['b', 'dddddddddddddddd'],
      ['c', undefined],
      ['d', undefined],
    ]);
    expect(records[2]?.traceId).not.toBe(PARENT.traceId);
  });

  it('records name, kind, ids, timing, status and attributes once, on the first end', () => {
    const records = recordSpans();
    const span = runInTrace(PARENT, () => startSpan('orders.placeOrder', { kind: 'server', attributes: { 'typewire.subject': 'orders.placeOrder' } }));
    span.end('error', new TypewireError('TIMEOUT_REQUEST', 'too slow'));
    span.end('ok');
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record).toMatchObject({
      name: 'orders.placeOrder',
      kind: 'server',
      traceId: PARENT.traceId,
      spanId: span.context.spanId,
      parentSpanId: PARENT.spanId,
      status: 'error',
      errorCode: 'TIMEOUT_REQUEST',
      errorMessage: 'too slow',
      attributes: { 'typewire.subject': 'orders.placeOrder' },
    });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs(record.startTime - Date.now())).toBeLessThan(60_000);
  });

  it('does not record spans of an unsampled trace', () => {
    const records = recordSpans();
    startSpan('quiet', { parent: { ...PARENT, flags: 0 } }).end();
    expect(records).toEqual([]);
  });

  it('survives a sink that throws', () => {
    setSpanSink(() => {
      throw new Error('sink down');
    });
    expect(() => startSpan('x').end()).not.toThrow();
  });

  it('runInSpan makes the span current', () => {
    const span = startSpan('outer');
    expect(runInSpan(span, () => currentTrace())).toEqual(span.context);
  });
});

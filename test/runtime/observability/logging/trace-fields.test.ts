import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../runtime/observability/logging/create-logger.js';
import { withTraceFields } from '../../../../runtime/observability/logging/trace-fields.js';
import { runInTrace } from '../../../../runtime/observability/tracing/trace-context.js';

function capture(): Writable & { json: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) });
}

const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: 1 };

describe('withTraceFields', () => {
  it('gives a plain pino logger the trace fields inside a trace, and none outside', () => {
    const out = capture();
    const logger = withTraceFields(pino({ base: undefined }, out));
    logger.info('outside');
    runInTrace(TRACE, () => logger.info({ orderId: 'o-1' }, 'inside'));
    const [outside, inside] = out.json();
    expect(outside).not.toHaveProperty('trace_id');
    expect(inside).toMatchObject({ trace_id: TRACE.traceId, span_id: TRACE.spanId, trace_flags: '01', orderId: 'o-1', msg: 'inside' });
  });

  it('keeps the log formatter the logger already had', () => {
    const out = capture();
    const logger = withTraceFields(pino({ base: undefined, formatters: { log: (object) => ({ ...object, formatted: true }) } }, out));
    runInTrace(TRACE, () => logger.info('x'));
    expect(out.json()[0]).toMatchObject({ formatted: true, trace_id: TRACE.traceId });
  });

  it('returns a createLogger logger, and its children, as they are: they stamp lines already', async () => {
    const logger = await createLogger({ destination: capture(), pretty: false });
    expect(withTraceFields(logger)).toBe(logger);
    const child = logger.child({ component: 'x' });
    expect(withTraceFields(child)).toBe(child);
  });
});

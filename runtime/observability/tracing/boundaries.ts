/**
 * The two calls the runtime makes where a message crosses its edge: one to
 * stamp an outgoing envelope, one to run the handling of an incoming one
 * inside a span that continues the sender's trace.
 */
import { currentTrace } from './trace-context.js';
import { newSpanId, newTraceId } from './trace-ids.js';
import { formatUnchecked, parseTraceparent, SAMPLED_FLAG } from './traceparent.js';
import { openSpan, runInSpan, type SpanAttributes, type SpanKind } from './span.js';

/**
 * The traceparent for a message leaving now: it names the current span as
 * the parent, so the receiver's span becomes its child. Outside any trace it
 * starts a new (sampled) trace. Costs no span; for a call whose duration
 * should be measured, use `startSpan(subject, { kind: 'client' })` instead
 * and send its `traceparent`.
 */
export function traceparentForOutgoing(): string {
  return formatUnchecked(currentTrace() ?? { traceId: newTraceId(), spanId: newSpanId(), flags: SAMPLED_FLAG });
}

export interface IncomingTraceOptions {
  /** Span name; the runtime passes the subject. Default `message`. */
  readonly name?: string;
  /** Default `consumer`; service methods use `server`. */
  readonly kind?: SpanKind;
  readonly attributes?: SpanAttributes;
}

const NO_OPTIONS: IncomingTraceOptions = {};

/**
 * Runs `fn` in a new span, the child of `traceparent` (an envelope's), or a
 * new root when that is absent or invalid. The span ends when `fn` returns,
 * or when the promise it returns settles; a throw or rejection ends it with
 * status `error`. The result (or the error) passes through unchanged.
 */
export function withIncomingTrace<T>(traceparent: string | undefined, fn: () => T, options: IncomingTraceOptions = NO_OPTIONS): T {
  const span = openSpan(options.name ?? 'message', parseTraceparent(traceparent), options.kind ?? 'consumer', options.attributes);
  let result: T;
  try {
    result = runInSpan(span, fn);
  } catch (error) {
    span.end('error', error);
    throw error;
  }
  if (isPromiseLike(result)) {
    result.then(
      () => span.end('ok'),
      (error: unknown) => span.end('error', error),
    );
  } else {
    span.end('ok');
  }
  return result;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The runtime's observer (runtime/internal/observer.ts) built from metrics
 * and tracing: it stamps outgoing envelopes with the current trace, runs
 * each handler inside its incoming message's trace, and records counts and
 * timings. The runtime asks for one only when metrics or tracing are on, so
 * none of this runs otherwise.
 */
import type { Envelope } from '../../envelope.js';
import { isTypewireError } from '../../errors/typewire-error.js';
import type { CallDone, HandlerKind, HandlingProbe, RuntimeObserver } from '../../internal/observer.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';
import { openSpan, runInSpan, type Span } from '../tracing/span.js';
import { currentTrace } from '../tracing/trace-context.js';
import { newSpanId, newTraceId } from '../tracing/trace-ids.js';
import { formatUnchecked, parseTraceparent, SAMPLED_FLAG, type TraceContext } from '../tracing/traceparent.js';

/**
 * The context an envelope's traceparent was formatted from, kept beside it so
 * a receiver in this process (the same envelope object, no transport between)
 * need not parse the string back: parsing is most of what tracing costs an
 * in-process message. The string is kept too, and compared, so a traceparent
 * changed after stamping is parsed as usual.
 */
const STAMPED: unique symbol = Symbol('typewire.stamped');
type Stamped = Envelope & { [STAMPED]?: { readonly traceparent: string; readonly context: TraceContext } };

function setTraceparent(envelope: Stamped, context: TraceContext): void {
  const traceparent = formatUnchecked(context);
  envelope.traceparent = traceparent;
  envelope[STAMPED] = { traceparent, context };
}

function incomingContext(envelope: Stamped): TraceContext | undefined {
  const stamped = envelope[STAMPED];
  return stamped !== undefined && stamped.traceparent === envelope.traceparent ? stamped.context : parseTraceparent(envelope.traceparent);
}

export interface TracingOptions {
  /**
   * Start a new trace for a message sent (or handled) outside any trace.
   * Default true. With false, only traces that arrived in a message, or that
   * the application entered itself, are carried on.
   */
  readonly startTraces?: boolean;
}

export interface ObserverOptions {
  readonly metrics?: RuntimeMetrics;
  /** Undefined or false: no trace context is read, written or entered. */
  readonly tracing?: boolean | TracingOptions;
}

/** The observer for these options, or undefined when there is nothing to observe. */
export function createRuntimeObserver(options: ObserverOptions): RuntimeObserver | undefined {
  const tracing = options.tracing === true ? {} : options.tracing === false ? undefined : options.tracing;
  if (options.metrics === undefined && tracing === undefined) return undefined;
  return new Observer(options.metrics, tracing);
}

/** The code metrics and spans record for a failure: a TypewireError's (or a declared error's) code. */
export function failureCode(error: unknown): string {
  return isTypewireError(error) ? error.code : 'INTERNAL_HANDLER_FAILED';
}

class Observer implements RuntimeObserver {
  private readonly tracing: boolean;
  private readonly startTraces: boolean;

  constructor(
    private readonly metrics: RuntimeMetrics | undefined,
    tracing: TracingOptions | undefined,
  ) {
    this.tracing = tracing !== undefined;
    this.startTraces = tracing?.startTraces ?? true;
  }

  stamp(envelope: Envelope): void {
    if (!this.tracing || envelope.traceparent !== undefined) return;
    const current = currentTrace();
    if (current !== undefined) setTraceparent(envelope, current);
    else if (this.startTraces) setTraceparent(envelope, { traceId: newTraceId(), spanId: newSpanId(), flags: SAMPLED_FLAG });
  }

  dropped(subject: string): void {
    this.metrics?.messageDropped(subject);
  }

  call(envelope: Envelope): CallDone {
    const { metrics } = this;
    const started = metrics === undefined ? 0 : performance.now();
    const subject = envelope.type;
    let span: Span | undefined;
    if (this.tracing) {
      const parent = currentTrace();
      if (parent !== undefined || this.startTraces) {
        // The call's own span: the service's span becomes its child, and its duration is the call's.
        span = openSpan(subject, parent, 'client', undefined);
        setTraceparent(envelope, span.context);
      }
    }
    return (error?: unknown) => {
      const failed = error !== undefined;
      span?.end(failed ? 'error' : 'ok', error);
      metrics?.requestDone(subject, (performance.now() - started) / 1000, failed ? failureCode(error) : undefined);
    };
  }

  handle<T>(envelope: Envelope, subject: string, kind: HandlerKind, fn: (probe: HandlingProbe) => T): T {
    let span: Span | undefined;
    if (this.tracing) {
      const parent = incomingContext(envelope);
      if (parent !== undefined || this.startTraces) span = openSpan(subject, parent, kind, undefined);
    }
    const handling = new Handling(this.metrics, subject, span);
    let result: T;
    try {
      result = span === undefined ? fn(handling) : runInSpan(span, () => fn(handling));
    } catch (error) {
      handling.end({ error });
      throw error;
    }
    if (isPromiseLike(result)) {
      result.then(
        () => handling.end(undefined),
        (error: unknown) => handling.end({ error }),
      );
    } else {
      handling.end(undefined);
    }
    return result;
  }

  enqueued(queue: string): void {
    this.metrics?.queueEnqueuedOne(queue);
  }

  acked(queue: string): void {
    this.metrics?.queueAckedOne(queue);
  }

  deadLettered(queue: string): void {
    this.metrics?.deadLetter(queue);
  }
}

/** One handler run: its span, its start, and a failure it reported without throwing. */
class Handling implements HandlingProbe {
  private readonly started: number;
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly metrics: RuntimeMetrics | undefined,
    private readonly subject: string,
    private readonly span: Span | undefined,
  ) {
    this.started = metrics === undefined ? 0 : performance.now();
    metrics?.handlerStart(subject);
  }

  failed(error: unknown): void {
    this.failure ??= { error };
  }

  /** `thrown`: what the handler threw or rejected with; undefined when it completed. */
  end(thrown: { readonly error: unknown } | undefined): void {
    const failure = thrown ?? this.failure;
    this.span?.end(failure === undefined ? 'ok' : 'error', failure?.error);
    this.metrics?.handlerDone(this.subject, (performance.now() - this.started) / 1000, failure === undefined ? undefined : failureCode(failure.error));
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Spans: a named piece of work with a start, an end and a status. The
 * built-in implementation measures the span and hands a SpanRecord to the
 * configured sink (none by default, so an untraced process only pays for an
 * id and two clock reads). `enableOpenTelemetry()` replaces it with spans
 * made by OpenTelemetry's tracer.
 */
import { isTypewireError } from '../../errors/typewire-error.js';
import { enter, currentTrace } from './trace-context.js';
import { newSpanId, newTraceId } from './trace-ids.js';
import { formatUnchecked, isSampled, parseTraceparent, SAMPLED_FLAG, type TraceContext } from './traceparent.js';

export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanStatus = 'ok' | 'error';
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

export interface SpanOptions {
  /**
   * The parent: a context, a traceparent string, `null` for a new root.
   * Default: the current trace (a new root outside any trace). An invalid
   * traceparent string starts a new root, as the W3C rules ask.
   */
  readonly parent?: TraceContext | string | null;
  readonly kind?: SpanKind;
  readonly attributes?: SpanAttributes;
}

export interface Span {
  readonly name: string;
  /** This span's identity; children and outgoing messages point at it. */
  readonly context: TraceContext;
  /** `context` as a traceparent header value. */
  readonly traceparent: string;
  /** Ends the span; only the first call counts. `error` (a TypewireError's code, or its message) is recorded on failure. */
  end(status?: SpanStatus, error?: unknown): void;
}

/** What the built-in tracer reports for each finished, sampled span. */
export interface SpanRecord {
  readonly name: string;
  readonly kind: SpanKind;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  /** Milliseconds since the epoch, with sub-millisecond precision. */
  readonly startTime: number;
  readonly durationMs: number;
  readonly status: SpanStatus;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly attributes?: SpanAttributes;
}

export type SpanSink = (record: SpanRecord) => void;

/** @internal A tracer that can replace the built-in one (the OpenTelemetry bridge). */
export interface SpanFactory {
  start(name: string, parent: TraceContext | undefined, kind: SpanKind, attributes: SpanAttributes | undefined): Span & { readonly native?: unknown };
}

let sink: SpanSink | undefined;
let factory: SpanFactory | undefined;

/** Where finished spans of the built-in tracer go; undefined (the default) drops them. */
export function setSpanSink(next: SpanSink | undefined): void {
  sink = next;
}

/** @internal */
export function setSpanFactory(next: SpanFactory | undefined): void {
  factory = next;
}

export function startSpan(name: string, options: SpanOptions = {}): Span {
  const given = options.parent;
  const parent = given === undefined ? currentTrace() : given === null ? undefined : typeof given === 'string' ? parseTraceparent(given) : given;
  return openSpan(name, parent, options.kind ?? 'internal', options.attributes);
}

/** @internal `startSpan` with the parent already resolved (undefined: a new root); no options object on the hot path. */
export function openSpan(name: string, parent: TraceContext | undefined, kind: SpanKind, attributes: SpanAttributes | undefined): Span {
  return factory !== undefined ? factory.start(name, parent, kind, attributes) : new BuiltinSpan(name, parent, kind, attributes);
}

/** @internal The built-in tracer, whatever factory is installed (the OpenTelemetry bridge falls back to it). */
export function startBuiltinSpan(name: string, parent: TraceContext | undefined, kind: SpanKind, attributes: SpanAttributes | undefined): Span {
  return new BuiltinSpan(name, parent, kind, attributes);
}

/** Runs `fn` with `span` as the current trace. */
export function runInSpan<T>(span: Span, fn: () => T): T {
  return enter(span.context, (span as { native?: unknown }).native, fn);
}

/** The code of a TypewireError, or the name of another error; for span records and logs. */
export function describeError(error: unknown): { code?: string; message?: string } {
  if (error === undefined) return {};
  if (isTypewireError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { message: String(error) };
}

class BuiltinSpan implements Span {
  readonly context: TraceContext;
  /** Only read the clock when a sink will receive the record; -1 otherwise. */
  private readonly start = sink === undefined ? -1 : performance.now();
  private ended = false;

  constructor(
    readonly name: string,
    private readonly parent: TraceContext | undefined,
    private readonly kind: SpanKind,
    private readonly attributes: SpanAttributes | undefined,
  ) {
    this.context = { traceId: parent?.traceId ?? newTraceId(), spanId: newSpanId(), flags: parent?.flags ?? SAMPLED_FLAG };
  }

  get traceparent(): string {
    return formatUnchecked(this.context);
  }

  end(status: SpanStatus = 'ok', error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const target = sink;
    if (target === undefined || this.start < 0 || !isSampled(this.context)) return;
    const durationMs = performance.now() - this.start;
    const failure = status === 'error' ? describeError(error) : {};
    const record: SpanRecord = {
      name: this.name,
      kind: this.kind,
      traceId: this.context.traceId,
      spanId: this.context.spanId,
      ...(this.parent ? { parentSpanId: this.parent.spanId } : {}),
      startTime: performance.timeOrigin + this.start,
      durationMs,
      status,
      ...(failure.code !== undefined ? { errorCode: failure.code } : {}),
      ...(failure.message !== undefined ? { errorMessage: failure.message } : {}),
      ...(this.attributes ? { attributes: this.attributes } : {}),
    };
    try {
      target(record);
    } catch {
      // A failing sink must not fail the work it measured.
    }
  }
}

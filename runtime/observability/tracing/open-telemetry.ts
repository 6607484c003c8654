/**
 * Routes typewire's spans through OpenTelemetry when @opentelemetry/api is
 * installed (an optional peer: it is loaded with a dynamic import, never
 * required). Spans then come from the globally registered tracer provider and
 * are exported by whatever SDK the application set up; typewire's own span
 * sink is bypassed.
 *
 * Without a registered SDK the API's tracer is a no-op whose spans carry no
 * usable ids; such spans fall back to the built-in tracer so that trace
 * context still propagates.
 */
import type * as OtelApi from '@opentelemetry/api';
import { describeError, setSpanFactory, startBuiltinSpan, type Span, type SpanAttributes, type SpanFactory, type SpanKind, type SpanStatus } from './span.js';
import { setTraceScopeHooks, type TraceScopeHooks } from './trace-context.js';
import { formatUnchecked, type TraceContext } from './traceparent.js';

type Api = typeof OtelApi;

export interface OpenTelemetryOptions {
  /** Instrumentation scope name. Default `typewire`. */
  readonly tracerName?: string;
  readonly tracerVersion?: string;
}

/** Loads @opentelemetry/api and sends spans through it. Resolves false (and changes nothing) when it is not installed. */
export async function enableOpenTelemetry(options: OpenTelemetryOptions = {}): Promise<boolean> {
  let api: Api;
  try {
    api = await import('@opentelemetry/api');
  } catch {
    return false;
  }
  setSpanFactory(new OtelSpanFactory(api, options));
  setTraceScopeHooks(scopeHooks(api));
  return true;
}

/** Returns to the built-in tracer. */
export function disableOpenTelemetry(): void {
  setSpanFactory(undefined);
  setTraceScopeHooks(undefined);
}

class OtelSpanFactory implements SpanFactory {
  private readonly tracer: OtelApi.Tracer;

  constructor(
    private readonly api: Api,
    options: OpenTelemetryOptions,
  ) {
    this.tracer = api.trace.getTracer(options.tracerName ?? 'typewire', options.tracerVersion);
  }

  start(name: string, parent: TraceContext | undefined, kind: SpanKind, attributes: SpanAttributes | undefined): Span & { readonly native?: unknown } {
    const { api } = this;
    const ambient = api.context.active();
    const ambientSpan = api.trace.getSpanContext(ambient);
    let parentContext: OtelApi.Context;
    if (parent === undefined) parentContext = api.trace.deleteSpan(ambient);
    else if (ambientSpan !== undefined && ambientSpan.spanId === parent.spanId && ambientSpan.traceId === parent.traceId) parentContext = ambient;
    else parentContext = api.trace.setSpanContext(ambient, { traceId: parent.traceId, spanId: parent.spanId, traceFlags: parent.flags, isRemote: true });
    const native = this.tracer.startSpan(name, { kind: KINDS[kind](api), root: parent === undefined, ...(attributes ? { attributes } : {}) }, parentContext);
    const ids = native.spanContext();
    if (!api.isSpanContextValid(ids) || ids.spanId === parent?.spanId) {
      // A no-op tracer (no SDK registered): keep propagating with our own ids.
      native.end();
      return startBuiltinSpan(name, parent, kind, attributes);
    }
    return new OtelSpan(api, name, native, { traceId: ids.traceId, spanId: ids.spanId, flags: ids.traceFlags });
  }
}

const KINDS: Record<SpanKind, (api: Api) => OtelApi.SpanKind> = {
  internal: (api) => api.SpanKind.INTERNAL,
  server: (api) => api.SpanKind.SERVER,
  client: (api) => api.SpanKind.CLIENT,
  producer: (api) => api.SpanKind.PRODUCER,
  consumer: (api) => api.SpanKind.CONSUMER,
};

class OtelSpan implements Span {
  private ended = false;

  constructor(
    private readonly api: Api,
    readonly name: string,
    readonly native: OtelApi.Span,
    readonly context: TraceContext,
  ) {}

  get traceparent(): string {
    return formatUnchecked(this.context);
  }

  end(status: SpanStatus = 'ok', error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (status === 'error') {
      const { code, message } = describeError(error);
      if (code !== undefined) this.native.setAttribute('typewire.error.code', code);
      if (error instanceof Error) this.native.recordException(error);
      this.native.setStatus({ code: this.api.SpanStatusCode.ERROR, ...(message !== undefined ? { message } : {}) });
    }
    this.native.end();
  }
}

function scopeHooks(api: Api): TraceScopeHooks {
  return {
    active() {
      const ids = api.trace.getSpanContext(api.context.active());
      return ids !== undefined && api.isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId, flags: ids.traceFlags } : undefined;
    },
    run(context, native, fn) {
      const ambient = api.context.active();
      const entered = native !== undefined
        ? api.trace.setSpan(ambient, native as OtelApi.Span)
        : api.trace.setSpanContext(ambient, { traceId: context.traceId, spanId: context.spanId, traceFlags: context.flags, isRemote: true });
      return api.context.with(entered, fn);
    },
  };
}

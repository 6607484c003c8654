/**
 * Stand-ins for an OpenTelemetry SDK, reduced to what the tests look at: a
 * tracer that records the spans it starts, and a context manager on
 * AsyncLocalStorage (what the Node SDK registers).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import {
  context,
  ROOT_CONTEXT,
  trace,
  type Context,
  type ContextManager,
  type Span as OtelSpan,
  type SpanContext,
  type SpanOptions as OtelSpanOptions,
  type SpanStatus as OtelStatus,
  type Tracer,
} from '@opentelemetry/api';

/** What an SDK would do, reduced to what the tests look at. */
export interface FinishedSpan {
  readonly name: string;
  readonly options: OtelSpanOptions;
  readonly parent: SpanContext | undefined;
  readonly context: SpanContext;
  status?: OtelStatus;
  attributes: Record<string, unknown>;
  ended: boolean;
}

export class RecordingTracer implements Tracer {
  readonly spans: FinishedSpan[] = [];

  startSpan(name: string, options: OtelSpanOptions = {}, ctx: Context = context.active()): OtelSpan {
    const parent = options.root ? undefined : trace.getSpanContext(ctx);
    const own: SpanContext = { traceId: parent?.traceId ?? randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), traceFlags: 1 };
    const record: FinishedSpan = { name, options, parent, context: own, attributes: {}, ended: false };
    this.spans.push(record);
    const span = {
      spanContext: () => own,
      setAttribute: (key: string, value: unknown) => ((record.attributes[key] = value), span),
      setAttributes: () => span,
      addEvent: () => span,
      addLink: () => span,
      addLinks: () => span,
      setStatus: (status: OtelStatus) => ((record.status = status), span),
      updateName: () => span,
      end: () => void (record.ended = true),
      isRecording: () => true,
      recordException: () => {},
    };
    return span as unknown as OtelSpan;
  }

  startActiveSpan(): never {
    throw new Error('not used');
  }
}

export class AlsContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

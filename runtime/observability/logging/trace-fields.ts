/**
 * The trace fields a log line carries when it is written inside a trace:
 * `trace_id`, `span_id` and `trace_flags`, the names OpenTelemetry's log
 * correlation uses. createLogger installs them as pino's mixin; a pino logger
 * made elsewhere gets them through `withTraceFields`.
 */
import { pino, type Logger } from 'pino';
import { currentTrace } from '../tracing/trace-context.js';

/** The current trace as log fields; the shared empty object when there is none (see mergeTraceFields). */
const NO_TRACE: Record<string, never> = Object.freeze({}) as Record<string, never>;

/** pino mixin: the current trace's fields. */
export function traceFields(): Record<string, unknown> {
  const trace = currentTrace();
  if (trace === undefined) return NO_TRACE;
  return { trace_id: trace.traceId, span_id: trace.spanId, trace_flags: trace.flags < 16 ? `0${trace.flags.toString(16)}` : trace.flags.toString(16) };
}

/**
 * pino mixin merge strategy. pino's default assigns into the mixin's object;
 * the shared NO_TRACE must stay empty, and skipping it saves an allocation
 * per line outside a trace.
 */
export function mergeTraceFields(mergeObject: object, mixinObject: object): object {
  return mixinObject === NO_TRACE ? mergeObject : Object.assign(mixinObject, mergeObject);
}

type LogFormatter = (object: object) => object;

/**
 * `logger` itself when it already stamps trace fields (createLogger's, or a
 * child of it); otherwise a child that adds them to each line, after any log
 * formatter the logger had. Fields the line sets itself win.
 */
export function withTraceFields(logger: Logger): Logger {
  const internals = logger as unknown as Record<symbol, unknown>;
  if (internals[pino.symbols.mixinSym] === traceFields) return logger;
  const previous = (internals[pino.symbols.formattersSym] as { log?: LogFormatter } | undefined)?.log;
  const log: LogFormatter = (object) => {
    const formatted = previous === undefined ? object : previous(object);
    const fields = traceFields();
    return fields === NO_TRACE ? formatted : { ...fields, ...formatted };
  };
  return logger.child({}, { formatters: { log } });
}

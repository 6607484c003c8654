/**
 * Observability: tracing (W3C trace context in AsyncLocalStorage, optional
 * OpenTelemetry), pino logging that carries the trace id, and Prometheus
 * metrics with an admin endpoint. These are passed into the runtime as
 * arguments; low layers (bus, codec, transports) never import them.
 */
export {
  parseTraceparent,
  formatTraceparent,
  isValidTraceparent,
  isValidTraceId,
  isValidSpanId,
  isSampled,
  SAMPLED_FLAG,
} from './tracing/traceparent.js';
export type { TraceContext } from './tracing/traceparent.js';
export { runInTrace, currentTrace } from './tracing/trace-context.js';
export { startSpan, runInSpan, setSpanSink } from './tracing/span.js';
export type { Span, SpanKind, SpanStatus, SpanOptions, SpanRecord, SpanSink, SpanAttributes } from './tracing/span.js';
export { traceparentForOutgoing, withIncomingTrace } from './tracing/boundaries.js';
export type { IncomingTraceOptions } from './tracing/boundaries.js';
export { enableOpenTelemetry, disableOpenTelemetry } from './tracing/open-telemetry.js';
export type { OpenTelemetryOptions } from './tracing/open-telemetry.js';
export { newTraceId, newSpanId } from './tracing/trace-ids.js';

export { createLogger, closeLogger } from './logging/create-logger.js';
export { withTraceFields } from './logging/trace-fields.js';
export type { Logger, LoggerOptions, LogFileOptions, LogLevel } from './logging/create-logger.js';
export { RotatingFile } from './logging/rotating-file.js';
export type { RotatingFileOptions } from './logging/rotating-file.js';

export { RuntimeMetrics, DEFAULT_LATENCY_BUCKETS } from './metrics/runtime-metrics.js';
export type { RuntimeMetricsOptions, QueueSource, QueueStates } from './metrics/runtime-metrics.js';
export { LabelLimiter, OTHER_LABEL } from './metrics/label-limiter.js';
export { startAdminServer } from './metrics/admin-server.js';
export type { AdminServer, AdminServerOptions, AdminRoute, MetricsSource } from './metrics/admin-server.js';

export type { TracingOptions } from './wiring/runtime-observer.js';
export { startRuntimeAdmin } from './wiring/runtime-admin.js';
export type { RuntimeAdminOptions } from './wiring/runtime-admin.js';

/**
 * Turns a runtime's `metrics`, `tracing` and `logger` options into what the
 * runtime uses: the observer it hands to its layers, and a logger whose
 * lines carry the trace. The main entry's createRuntime passes this to the
 * runtime; the browser entry cannot (tracing needs AsyncLocalStorage).
 */
import type { ObservabilityFactory } from '../../runtime.js';
import { withTraceFields } from '../logging/trace-fields.js';
import { createRuntimeObserver } from './runtime-observer.js';

export const observeRuntime: ObservabilityFactory = (options) => {
  const tracing = options.tracing !== undefined && options.tracing !== false;
  return {
    observer: createRuntimeObserver({ ...(options.metrics ? { metrics: options.metrics } : {}), ...(tracing ? { tracing: options.tracing } : {}) }),
    logger: options.logger === undefined ? undefined : tracing ? withTraceFields(options.logger) : options.logger,
  };
};

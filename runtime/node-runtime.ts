/**
 * createRuntime as the main entry (`typewire`) exports it: the runtime with
 * Node's observability wired in, so `metrics`, `tracing` and `logger` work.
 * The browser entry exports the plain one from runtime.ts, which imports
 * nothing that needs Node.
 */
import { observeRuntime } from './observability/wiring/observe-runtime.js';
import { createRuntime as createPlainRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

/** Creates a runtime; see RuntimeOptions, and docs/observability.md for `metrics`, `tracing` and `logger`. */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return createPlainRuntime(options, observeRuntime);
}

/**
 * The trace a piece of work belongs to, kept in AsyncLocalStorage so it
 * follows the work across awaits, timers and callbacks without being passed
 * by hand. The runtime enters it where a message arrives and reads it where
 * a message leaves; a logger reads it to stamp each line.
 *
 * Node 20's AsyncLocalStorage turns on async hooks the first time `run` is
 * called, so a process that never traces pays nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TraceContext } from './traceparent.js';

/**
 * How an external tracer (OpenTelemetry) joins in: it may know a more
 * recent span than ours (one the user's own code started inside a handler),
 * and it keeps its own notion of the active context that must be entered too.
 */
export interface TraceScopeHooks {
  active(): TraceContext | undefined;
  run<T>(context: TraceContext, native: unknown, fn: () => T): T;
}

const storage = new AsyncLocalStorage<TraceContext>();
let hooks: TraceScopeHooks | undefined;

/** Runs `fn` with `context` as the current trace; what `fn` starts (awaits included) sees it too. */
export function runInTrace<T>(context: TraceContext, fn: () => T): T {
  return enter(context, undefined, fn);
}

/** The innermost active span, or undefined outside any trace. */
export function currentTrace(): TraceContext | undefined {
  return hooks?.active() ?? storage.getStore();
}

/** @internal Used by spans: enters our storage and, when one is installed, the external tracer's context. */
export function enter<T>(context: TraceContext, native: unknown, fn: () => T): T {
  const external = hooks;
  return external === undefined ? storage.run(context, fn) : storage.run(context, () => external.run(context, native, fn));
}

/** @internal Installed by the OpenTelemetry bridge; undefined removes it. */
export function setTraceScopeHooks(next: TraceScopeHooks | undefined): void {
  hooks = next;
}

/**
 * The port through which metrics and tracing reach the layers below the
 * runtime (RPC, queues) without those layers importing them (STYLE.md #8).
 * runtime/observability/wiring implements it; the runtime passes it down as
 * an argument, and passes nothing when no metrics or tracing were asked for,
 * so an unobserved hot path pays one `undefined` check per message.
 *
 * Only types live here: this module is imported by browser-safe code.
 */
import type { Envelope } from '../envelope.js';

/** How a handler relates to the message it handles: a method answers (`server`), an event or queue consumer does not. */
export type HandlerKind = 'server' | 'consumer';

/** Given to an observed handler, for failures it catches itself rather than throwing. */
export interface HandlingProbe {
  /** Records that the handling failed with `error` (an error reply sent, a message rejected), though nothing was thrown. */
  failed(error: unknown): void;
}

/** Ends an observed call: no argument when the reply came, the error otherwise. */
export type CallDone = (error?: unknown) => void;

export interface RuntimeObserver {
  /**
   * Stamps an envelope that leaves now (a publish) with the current trace,
   * or starts a trace; leaves it as it is when there is nothing to stamp.
   */
  stamp(envelope: Envelope): void;
  /** An envelope was published and reached no subscriber here or on a link. */
  dropped(subject: string): void;
  /** A call (request/reply, or a queue send) leaves now: stamps its envelope; call the result once it settles. */
  call(envelope: Envelope): CallDone;
  /**
   * Runs `fn`, the handling of `envelope`, inside the envelope's trace (the
   * sender's span is the parent), timed and counted under `subject`. A throw
   * or rejection counts as a failure and passes through unchanged; so does
   * the value `fn` returns.
   */
  handle<T>(envelope: Envelope, subject: string, kind: HandlerKind, fn: (probe: HandlingProbe) => T): T;
  /** A queue accepted a message (`queue` is its subject). */
  enqueued(queue: string): void;
  /** A consumer finished a queue message without error. */
  acked(queue: string): void;
  /** A queue moved a message to its dead-letter queue (or dropped it, when none is hosted). */
  deadLettered(queue: string): void;
}

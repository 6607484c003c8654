/**
 * Request/reply over the bus. One inbox subscription per runtime receives all
 * replies; a pending map keyed by request id resolves the right caller. A
 * reply that comes after its timeout is dropped. Timeouts share one timer
 * (call-timeouts.ts).
 */
import type { Bus } from '../bus/bus.js';
import type { MethodDescriptor } from '../descriptors.js';
import { createEnvelope, nextId, type Envelope } from '../envelope.js';
import { TypewireError, type WireError } from '../errors/typewire-error.js';
import { decodeUntyped } from '../codec/envelope-frame.js';
import { EncodedPayload, STATUS_HEADER, type InternalEnvelope } from '../internal/envelope-meta.js';
import type { Interest, InterestEntry } from '../internal/interest.js';
import type { CallDone, RuntimeObserver } from '../internal/observer.js';
import { markOutbound, readPayload } from '../internal/read-payload.js';
import { CallTimeouts, type Expiring } from './call-timeouts.js';
import type { CallOptions } from './types.js';

/**
 * One call awaiting its reply. Its promise's settle functions are stored on
 * it, and its timeout is a number (not a timer), so a call allocates no
 * settle, timer or wrapper closures of its own.
 */
class PendingCall implements Expiring {
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;
  /** Set when the caller passed an AbortSignal. */
  onAbort: (() => void) | undefined;
  /** Settled once: a call can be both aborted and timed out (see Requester.expireAlone), and is observed once. */
  private finished = false;

  constructor(
    readonly id: string,
    readonly method: MethodDescriptor<unknown, unknown>,
    readonly timeoutMs: number,
    readonly deadline: number,
    /** Where the caller awaited, when callerStacks is on: errors are rebuilt with this stack, the one a developer can act on. */
    readonly origin: { stack?: string } | undefined,
    readonly signal: AbortSignal | undefined,
    /** Ends the observed call (metrics, tracing); undefined when nothing is observed. */
    readonly done: CallDone | undefined,
  ) {}

  succeed(value: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.done?.();
    this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.done?.(error);
    this.reject(error);
  }
}

export interface RequesterOptions {
  readonly source: string;
  readonly validateOutbound: boolean;
  readonly callerStacks: boolean;
  /** Stamps each call with its trace and times it (metrics, tracing); absent when nothing is observed. */
  readonly observer?: RuntimeObserver;
}

export class Requester {
  private readonly inbox: string;
  private readonly pending = new Map<string, PendingCall>();
  private readonly timeouts = new CallTimeouts<PendingCall>(this.pending, (call) => this.timedOut(call));
  private inboxInterest: InterestEntry | undefined;
  private closed = false;

  constructor(
    private readonly bus: Bus,
    private readonly interest: Interest,
    private readonly options: RequesterOptions,
  ) {
    this.inbox = `_INBOX.${nextId()}`;
  }

  /** `fields` sets envelope fields a plain call does not expose (queue sends set id, priority, expiry). */
  call<Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options: CallOptions = NO_OPTIONS, fields?: Partial<Envelope<Req>>): Promise<Res> {
    if (this.closed) return Promise.reject(new TypewireError('TRANSPORT_CLOSED', 'runtime is closed'));
    this.ensureInbox();
    const envelope = this.requestEnvelope(method, request, options, fields);
    try {
      markOutbound(envelope, method.request, this.options.validateOutbound);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeoutMs = options.timeoutMs ?? method.timeoutMs;
    // Captured frames are only formatted if an error is actually raised.
    let origin: { stack?: string } | undefined;
    if (this.options.callerStacks) {
      origin = {};
      Error.captureStackTrace?.(origin, this.call); // V8 only
    }
    const done = this.options.observer?.call(envelope);
    const { signal } = options;
    const call = new PendingCall(envelope.id, method as MethodDescriptor<unknown, unknown>, timeoutMs, CallTimeouts.deadline(timeoutMs), origin, signal, done);
    const promise = new Promise<Res>((resolve, reject) => {
      call.resolve = resolve as (value: unknown) => void;
      call.reject = reject;
    });
    if (signal !== undefined) {
      const onAbort = (): void => {
        this.settle(call);
        call.fail(new TypewireError('TRANSPORT_CLOSED', `${method.subject} was aborted by the caller`, { cause: signal.reason }));
      };
      if (signal.aborted) {
        onAbort();
        return promise;
      }
      call.onAbort = onAbort;
      signal.addEventListener('abort', onAbort, { once: true });
    }
    // Only a caller-chosen id can already be pending; nextId() ids are unique.
    const displaced = fields?.id === undefined ? undefined : this.pending.get(call.id);
    if (displaced !== undefined) this.expireAlone(displaced);
    this.pending.set(call.id, call);
    this.timeouts.added(call.deadline);
    const delivered = this.bus.publish(envelope);
    if (delivered === 0 && this.pending.get(call.id) === call) {
      this.settle(call);
      call.fail(new TypewireError('TRANSPORT_NO_RESPONDERS', `no service handles ${method.subject}`, { details: { subject: method.subject } }));
    }
    return promise;
  }

  /** Rejects every pending call; used when the runtime closes. */
  close(): void {
    this.closed = true;
    this.timeouts.close();
    for (const call of this.pending.values()) {
      this.settle(call);
      call.fail(new TypewireError('TRANSPORT_CLOSED', `runtime closed while ${call.method.subject} was pending`));
    }
    if (this.inboxInterest) this.interest.remove(this.inboxInterest);
  }

  /**
   * The request envelope. A plain call (no extra fields, no headers) is
   * built as one literal in a fixed shape; createEnvelope's spreads cost
   * more than the rest of the envelope's life in process.
   */
  private requestEnvelope<Req>(method: MethodDescriptor<Req, unknown>, request: Req, options: CallOptions, fields: Partial<Envelope<Req>> | undefined): InternalEnvelope<Req> {
    if (fields === undefined && options.headers === undefined) {
      return { id: nextId(), type: method.subject, timestamp: Date.now(), source: this.options.source, replyTo: this.inbox, payload: request };
    }
    const extra = fields ?? {};
    return createEnvelope(method.subject, request, {
      source: this.options.source,
      ...extra,
      replyTo: this.inbox,
      ...(options.headers ? { headers: { ...extra.headers, ...options.headers } } : {}),
    });
  }

  /** Forgets a call that is about to settle. */
  private settle(call: PendingCall): void {
    if (this.pending.get(call.id) === call) this.pending.delete(call.id);
    if (this.pending.size === 0) this.timeouts.idle();
    if (call.onAbort !== undefined) call.signal?.removeEventListener('abort', call.onAbort);
  }

  /**
   * A call whose id a later call reuses (a queue send may choose its id) can
   * no longer be told its reply apart; it leaves the pending map, so it gets
   * a timer of its own and still times out.
   */
  private expireAlone(call: PendingCall): void {
    setTimeout(() => this.timedOut(call), Math.max(1, call.deadline - performance.now()));
  }

  private timedOut(call: PendingCall): void {
    this.settle(call);
    const { subject } = call.method;
    const error = new TypewireError('TIMEOUT_REQUEST', `${subject} did not reply within ${call.timeoutMs} ms`, { details: { subject, timeoutMs: call.timeoutMs } });
    call.fail(withCallerStack(error, call.origin));
  }

  private ensureInbox(): void {
    if (this.inboxInterest) return;
    this.bus.subscribe(this.inbox, this.onReply);
    this.inboxInterest = this.interest.add(this.inbox);
  }

  private readonly onReply = (envelope: InternalEnvelope): void => {
    const id = envelope.correlationId;
    const call = id === undefined ? undefined : this.pending.get(id);
    if (call === undefined) return;
    this.settle(call);
    if (envelope.headers?.[STATUS_HEADER] === 'error') {
      call.fail(withCallerStack(rebuildError(envelope), call.origin));
      return;
    }
    try {
      call.succeed(readPayload(envelope, call.method.response));
    } catch (error) {
      call.fail(error);
    }
  };
}

const NO_OPTIONS: CallOptions = {};

function withCallerStack(error: TypewireError, origin: { stack?: string } | undefined): TypewireError {
  const frames = origin?.stack?.slice(origin.stack.indexOf('\n'));
  if (frames) error.stack = `${error.name}: ${error.message}${frames}`;
  return error;
}

function rebuildError(envelope: InternalEnvelope): TypewireError {
  const raw = envelope.payload instanceof EncodedPayload ? decodeUntyped(envelope.payload.bytes) : envelope.payload;
  if (raw instanceof TypewireError) return new TypewireError(raw.code, raw.message, { details: raw.details, retryable: raw.retryable });
  const wire = raw as Partial<WireError> | null;
  if (!wire || typeof wire.code !== 'string' || typeof wire.message !== 'string') {
    return new TypewireError('TRANSPORT_PROTOCOL', 'malformed error reply');
  }
  return TypewireError.fromWire({ code: wire.code, message: wire.message, details: wire.details, retryable: wire.retryable === true });
}

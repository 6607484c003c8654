/**
 * Request/reply over the bus. One inbox subscription per runtime receives all
 * replies; a pending map keyed by request id resolves the right caller. A
 * reply that comes after its timeout is dropped.
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
import type { CallOptions } from './types.js';

interface Pending {
  /** Where the caller awaited: errors are rebuilt with this stack, the one a developer can act on. */
  readonly origin: { stack?: string };
  readonly method: MethodDescriptor<unknown, unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly onAbort: (() => void) | undefined;
  readonly signal: AbortSignal | undefined;
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
  private readonly pending = new Map<string, Pending>();
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
  call<Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options: CallOptions = {}, fields: Partial<Envelope<Req>> = {}): Promise<Res> {
    if (this.closed) return Promise.reject(new TypewireError('TRANSPORT_CLOSED', 'runtime is closed'));
    this.ensureInbox();
    const envelope: InternalEnvelope<Req> = createEnvelope(method.subject, request, {
      source: this.options.source,
      ...fields,
      replyTo: this.inbox,
      ...(options.headers ? { headers: { ...fields.headers, ...options.headers } } : {}),
    });
    try {
      markOutbound(envelope, method.request, this.options.validateOutbound);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeoutMs = options.timeoutMs ?? method.timeoutMs;
    // Captured frames are only formatted if an error is actually raised.
    const origin: { stack?: string } = {};
    if (this.options.callerStacks) Error.captureStackTrace?.(origin, this.call); // V8 only
    const done = this.options.observer?.call(envelope);
    return new Promise<Res>((resolveCall, rejectCall) => {
      const resolve = done === undefined ? resolveCall : observedResolve(resolveCall, done);
      const reject = done === undefined ? rejectCall : observedReject(rejectCall, done);
      const settle = (): void => {
        clearTimeout(timer);
        if (options.signal && onAbort) options.signal.removeEventListener('abort', onAbort);
        this.pending.delete(envelope.id);
      };
      const timer = setTimeout(() => {
        settle();
        const error = new TypewireError('TIMEOUT_REQUEST', `${method.subject} did not reply within ${timeoutMs} ms`, { details: { subject: method.subject, timeoutMs } });
        reject(withCallerStack(error, origin));
      }, timeoutMs);
      const onAbort = options.signal
        ? (): void => {
            settle();
            reject(new TypewireError('TRANSPORT_CLOSED', `${method.subject} was aborted by the caller`, { cause: options.signal?.reason }));
          }
        : undefined;
      if (options.signal?.aborted) return onAbort?.();
      if (onAbort) options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(envelope.id, {
        origin,
        method: method as MethodDescriptor<unknown, unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
        onAbort,
        signal: options.signal,
      });
      const delivered = this.bus.publish(envelope);
      if (delivered === 0 && this.pending.has(envelope.id)) {
        settle();
        reject(new TypewireError('TRANSPORT_NO_RESPONDERS', `no service handles ${method.subject}`, { details: { subject: method.subject } }));
      }
    });
  }

  /** Rejects every pending call; used when the runtime closes. */
  close(): void {
    this.closed = true;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
      this.pending.delete(id);
      p.reject(new TypewireError('TRANSPORT_CLOSED', `runtime closed while ${p.method.subject} was pending`));
    }
    if (this.inboxInterest) this.interest.remove(this.inboxInterest);
  }

  private ensureInbox(): void {
    if (this.inboxInterest) return;
    this.bus.subscribe(this.inbox, this.onReply);
    this.inboxInterest = this.interest.add(this.inbox);
  }

  private readonly onReply = (envelope: InternalEnvelope): void => {
    const id = envelope.correlationId;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (!pending || id === undefined) return;
    clearTimeout(pending.timer);
    if (pending.onAbort) pending.signal?.removeEventListener('abort', pending.onAbort);
    this.pending.delete(id);
    if (envelope.headers?.[STATUS_HEADER] === 'error') {
      pending.reject(withCallerStack(rebuildError(envelope), pending.origin));
      return;
    }
    try {
      pending.resolve(readPayload(envelope, pending.method.response));
    } catch (error) {
      pending.reject(error);
    }
  };
}

function observedResolve<T>(resolve: (value: T) => void, done: CallDone): (value: T) => void {
  return (value) => {
    done();
    resolve(value);
  };
}

function observedReject(reject: (error: unknown) => void, done: CallDone): (error: unknown) => void {
  return (error) => {
    done(error);
    reject(error);
  };
}

function withCallerStack(error: TypewireError, origin: { stack?: string }): TypewireError {
  const frames = origin.stack?.slice(origin.stack.indexOf('\n'));
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

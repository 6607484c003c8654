/**
 * One request to a hosted method: validate it, run the handler, send the
 * reply (or an error reply with a stable code). A handler that returns a
 * plain value is answered synchronously, within the delivery of the
 * request; one that returns a promise is answered when it settles. The
 * answer is the same either way; the synchronous path only skips an
 * async function, its promise and a microtask per request.
 */
import type { ErrorSpecs, MethodDescriptor, ServiceDescriptor } from '../descriptors.js';
import { createEnvelope, nextId } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import { STATUS_HEADER, type InternalEnvelope } from '../internal/envelope-meta.js';
import type { HandlingProbe } from '../internal/observer.js';
import { markOutbound, readPayload } from '../internal/read-payload.js';
import { assertValid } from '../validation/assert-valid.js';
import type { HostDeps } from './service-host.js';
import type { MethodContext, PublishOptions } from './types.js';

type AnyHandler = (payload: unknown, context: unknown) => unknown;

/** What serving one method needs, built once per method rather than per request. */
export interface ServedMethod {
  readonly method: MethodDescriptor<unknown, unknown, ErrorSpecs>;
  readonly handler: AnyHandler;
  readonly emit: (event: string, payload: unknown, options?: PublishOptions) => Promise<void>;
  readonly deps: HostDeps;
  readonly fail: MethodContext<ServiceDescriptor>['fail'];
}

/** `ctx.fail` for one method: it depends on nothing but the method. */
export function failFor(method: MethodDescriptor<unknown, unknown, ErrorSpecs>, validate: boolean): MethodContext<ServiceDescriptor>['fail'] {
  return ((code: string, ...rest: unknown[]) => {
    throw declaredError(method, code, rest, validate);
  }) as MethodContext<ServiceDescriptor>['fail'];
}

/** Handles one request; returns the work still to do when the handler returned a promise (it rejects only if reporting a failure throws). */
export function handleRequest(served: ServedMethod, envelope: InternalEnvelope, probe: HandlingProbe | undefined): Promise<void> | undefined {
  let result: unknown;
  let later: PromiseLike<unknown> | undefined;
  try {
    const request = readPayload(envelope, served.method.request);
    const context: MethodContext<ServiceDescriptor> = { envelope, fail: served.fail, emit: served.emit };
    result = served.handler(request, context);
    if (isPromiseLike(result)) later = result;
  } catch (thrown) {
    sendReply(served, envelope, errorReply(served, envelope, thrown, probe));
    return undefined;
  }
  if (later === undefined) {
    sendReply(served, envelope, successReply(served, envelope, result, probe));
    return undefined;
  }
  return Promise.resolve(later).then(
    (response) => sendReply(served, envelope, successReply(served, envelope, response, probe)),
    (thrown: unknown) => sendReply(served, envelope, errorReply(served, envelope, thrown, probe)),
  );
}

/** The reply carrying `response`, validated when outbound validation is on; an error reply if that fails. */
function successReply(served: ServedMethod, envelope: InternalEnvelope, response: unknown, probe: HandlingProbe | undefined): InternalEnvelope {
  try {
    // As createEnvelope would build it, without its spread (a measurable share of a reply's cost).
    const reply: InternalEnvelope = { id: nextId(), type: envelope.replyTo ?? '', timestamp: Date.now(), source: served.deps.source, correlationId: envelope.id, payload: response };
    markOutbound(reply, served.method.response, served.deps.validateOutbound);
    return reply;
  } catch (thrown) {
    return errorReply(served, envelope, thrown, probe);
  }
}

/** What the handler (or the request's validation) threw, as an error reply with a stable code. */
function errorReply(served: ServedMethod, envelope: InternalEnvelope, thrown: unknown, probe: HandlingProbe | undefined): InternalEnvelope {
  const { method, deps } = served;
  const error = TypewireError.from(thrown);
  probe?.failed(error);
  if (error.code === 'INTERNAL_HANDLER_FAILED') deps.onError(thrown, `${method.subject} handler failed`);
  return createEnvelope(envelope.replyTo ?? '', error.toWire(), {
    source: deps.source,
    correlationId: envelope.id,
    headers: { [STATUS_HEADER]: 'error' },
  });
}

function sendReply(served: ServedMethod, envelope: InternalEnvelope, reply: InternalEnvelope): void {
  if (envelope.replyTo === undefined) return;
  try {
    served.deps.bus.publish(reply);
  } catch (error) {
    // A reply subject the bus refuses (a peer's malformed replyTo) must not take the service down.
    served.deps.onError(error, `${served.method.subject} reply to ${envelope.replyTo} could not be sent`);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function declaredError(method: MethodDescriptor<unknown, unknown, ErrorSpecs>, code: string, rest: unknown[], validate: boolean): TypewireError {
  const spec = method.errors[code];
  if (!spec) return new TypewireError('INTERNAL_UNEXPECTED', `${method.subject} failed with undeclared error code "${code}"`);
  const details = spec.details ? rest[0] : undefined;
  const message = (spec.details ? rest[1] : rest[0]) as string | undefined;
  if (spec.details && validate) assertValid(spec.details, details, 'outbound');
  return new TypewireError(code, message ?? spec.description ?? code, { details, retryable: spec.retryable });
}

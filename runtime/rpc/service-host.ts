/**
 * Runs a service definition on a runtime: one bus subscription per method (in
 * the service's queue group, so instances share the load) and one per
 * declared subscription. Every request is validated before its handler runs;
 * whatever the handler throws becomes an error reply with a stable code.
 */
import type { Bus } from '../bus/bus.js';
import type { Subscription } from '../bus/types.js';
import type { ErrorSpecs, EventDescriptor, MethodDescriptor, ServiceDescriptor, SubscriptionDescriptor } from '../descriptors.js';
import { createEnvelope } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import { STATUS_HEADER, type InternalEnvelope } from '../internal/envelope-meta.js';
import type { Interest, InterestEntry } from '../internal/interest.js';
import type { HandlingProbe, RuntimeObserver } from '../internal/observer.js';
import { markOutbound, readPayload } from '../internal/read-payload.js';
import { assertValid } from '../validation/assert-valid.js';
import type { MethodContext, PublishOptions, ServiceDefinition, ServiceHandle, SubscriptionContext } from './types.js';

export interface HostDeps {
  readonly bus: Bus;
  readonly interest: Interest;
  readonly source: string;
  readonly validateOutbound: boolean;
  readonly publish: (event: EventDescriptor<unknown>, payload: unknown, options?: PublishOptions) => Promise<void>;
  readonly onError: (error: unknown, context: string) => void;
  /** Runs each request and event inside its trace, timed and counted; absent when nothing is observed. */
  readonly observer?: RuntimeObserver;
}

type AnyHandler = (payload: unknown, context: unknown) => unknown;

export function hostService<S extends ServiceDescriptor>(definition: ServiceDefinition<S>, deps: HostDeps): ServiceHandle {
  const { descriptor } = definition;
  const handlers = definition.handlers as unknown as Record<string, AnyHandler> & { subscriptions?: Record<string, AnyHandler> };
  const subscriptions: Subscription[] = [];
  const interests: InterestEntry[] = [];
  const inFlight = new Set<Promise<unknown>>();

  const emit = (event: string, payload: unknown, options?: PublishOptions): Promise<void> => {
    const target = descriptor.events[event];
    if (!target) return Promise.reject(new TypewireError('VALIDATION_BAD_ARGUMENT', `service ${descriptor.name} declares no event "${event}"`));
    return deps.publish(target, payload, options);
  };

  // Handlers report their own failures; this only keeps a bug in that path
  // from becoming an unhandled rejection, which would end the process.
  const track = (work: Promise<unknown>): void => {
    const settled = work.then(undefined, (error: unknown) => deps.onError(error, `${descriptor.name} handler bookkeeping failed`));
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
  };

  for (const [name, method] of Object.entries(descriptor.methods)) {
    const handler = handlers[name];
    if (typeof handler !== 'function') {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', `service ${descriptor.name} has no handler for method "${name}"`);
    }
    const observer = deps.observer;
    const onRequest = observer === undefined
      ? (envelope: InternalEnvelope): void => track(handleRequest(method, handler, envelope, emit, deps, undefined))
      : (envelope: InternalEnvelope): void => track(observer.handle(envelope, method.subject, 'server', (probe) => handleRequest(method, handler, envelope, emit, deps, probe)));
    subscriptions.push(deps.bus.subscribe(method.subject, onRequest, { queue: descriptor.name }));
    interests.push(deps.interest.add(method.subject, descriptor.name));
  }

  for (const [name, sub] of Object.entries(descriptor.subscriptions)) {
    const handler = handlers.subscriptions?.[name];
    if (typeof handler !== 'function') {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', `service ${descriptor.name} has no handler for subscription "${name}"`);
    }
    const byTopic = new Map(sub.events.map((e) => [e.topic, e] as const));
    const observer = deps.observer;
    const onEvent = observer === undefined
      ? (envelope: InternalEnvelope): void => track(handleEvent(sub, byTopic, handler, envelope, emit, deps, undefined))
      : (envelope: InternalEnvelope): void => {
          // Subjects the pattern matches that are not this subscription's events are not handled, so not observed either.
          if (byTopic.has(envelope.type)) track(observer.handle(envelope, envelope.type, 'consumer', (probe) => handleEvent(sub, byTopic, handler, envelope, emit, deps, probe)));
        };
    subscriptions.push(deps.bus.subscribe(sub.pattern, onEvent, { queue: `${descriptor.name}.${name}` }));
    interests.push(deps.interest.add(sub.pattern, `${descriptor.name}.${name}`));
  }

  return {
    name: descriptor.name,
    async close() {
      for (const s of subscriptions) s.unsubscribe();
      for (const i of interests) deps.interest.remove(i);
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function handleRequest(
  method: MethodDescriptor<unknown, unknown, ErrorSpecs>,
  handler: AnyHandler,
  envelope: InternalEnvelope,
  emit: (event: string, payload: unknown, options?: PublishOptions) => Promise<void>,
  deps: HostDeps,
  probe: HandlingProbe | undefined,
): Promise<void> {
  let reply: InternalEnvelope;
  try {
    const request = readPayload(envelope, method.request);
    const context: MethodContext<ServiceDescriptor> = {
      envelope,
      fail: ((code: string, ...rest: unknown[]) => {
        throw declaredError(method, code, rest, deps.validateOutbound);
      }) as MethodContext<ServiceDescriptor>['fail'],
      emit,
    };
    const response = await handler(request, context);
    reply = createEnvelope(envelope.replyTo ?? '', response, { source: deps.source, correlationId: envelope.id });
    markOutbound(reply, method.response, deps.validateOutbound);
  } catch (thrown) {
    const error = TypewireError.from(thrown);
    probe?.failed(error);
    if (error.code === 'INTERNAL_HANDLER_FAILED') deps.onError(thrown, `${method.subject} handler failed`);
    reply = createEnvelope(envelope.replyTo ?? '', error.toWire(), {
      source: deps.source,
      correlationId: envelope.id,
      headers: { [STATUS_HEADER]: 'error' },
    });
  }
  if (envelope.replyTo === undefined) return;
  try {
    deps.bus.publish(reply);
  } catch (error) {
    // A reply subject the bus refuses (a peer's malformed replyTo) must not take the service down.
    deps.onError(error, `${method.subject} reply to ${envelope.replyTo} could not be sent`);
  }
}

function declaredError(method: MethodDescriptor<unknown, unknown, ErrorSpecs>, code: string, rest: unknown[], validate: boolean): TypewireError {
  const spec = method.errors[code];
  if (!spec) return new TypewireError('INTERNAL_UNEXPECTED', `${method.subject} failed with undeclared error code "${code}"`);
  const details = spec.details ? rest[0] : undefined;
  const message = (spec.details ? rest[1] : rest[0]) as string | undefined;
  if (spec.details && validate) assertValid(spec.details, details, 'outbound');
  return new TypewireError(code, message ?? spec.description ?? code, { details, retryable: spec.retryable });
}

async function handleEvent(
  sub: SubscriptionDescriptor<unknown>,
  byTopic: ReadonlyMap<string, EventDescriptor<unknown>>,
  handler: AnyHandler,
  envelope: InternalEnvelope,
  emit: (event: string, payload: unknown, options?: PublishOptions) => Promise<void>,
  deps: HostDeps,
  probe: HandlingProbe | undefined,
): Promise<void> {
  // A pattern can also match subjects that are not events (`telemetry.#` matches
  // the method subject `telemetry.stats`); those are not for this handler.
  const event = byTopic.get(envelope.type);
  if (!event) return;
  try {
    const payload = readPayload(envelope, event.payload);
    const context: SubscriptionContext<ServiceDescriptor> = { envelope, topic: envelope.type, emit };
    await handler(payload, context);
  } catch (error) {
    probe?.failed(error);
    deps.onError(error, `${sub.service}.${sub.name} subscription handler failed`);
  }
}

/**
 * Runs a service definition on a runtime: one bus subscription per method (in
 * the service's queue group, so instances share the load) and one per
 * declared subscription. Every request is validated before its handler runs;
 * whatever the handler throws becomes an error reply with a stable code.
 */
import type { Bus } from '../bus/bus.js';
import type { Subscription } from '../bus/types.js';
import type { EventDescriptor, ServiceDescriptor, SubscriptionDescriptor } from '../descriptors.js';
import { TypewireError } from '../errors/typewire-error.js';
import type { InternalEnvelope } from '../internal/envelope-meta.js';
import type { Interest, InterestEntry } from '../internal/interest.js';
import type { HandlingProbe, RuntimeObserver } from '../internal/observer.js';
import { readPayload } from '../internal/read-payload.js';
import { failFor, handleRequest, type ServedMethod } from './request-handler.js';
import type { PublishOptions, ServiceDefinition, ServiceHandle, SubscriptionContext } from './types.js';

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
  const emit = (event: string, payload: unknown, options?: PublishOptions): Promise<void> => {
    const target = descriptor.events[event];
    if (!target) return Promise.reject(new TypewireError('VALIDATION_BAD_ARGUMENT', `service ${descriptor.name} declares no event "${event}"`));
    return deps.publish(target, payload, options);
  };

  // Handlers still running, so that close() can wait for them: a count and
  // two shared callbacks rather than a Set entry and two promises per request.
  let inFlight = 0;
  let allDone: Promise<void> | undefined;
  let markAllDone: (() => void) | undefined;
  const untrack = (): void => {
    if (--inFlight === 0 && markAllDone !== undefined) {
      markAllDone();
      allDone = markAllDone = undefined;
    }
  };
  // Handlers report their own failures; this only keeps a bug in that path
  // from becoming an unhandled rejection, which would end the process.
  const reportBookkeeping = (error: unknown): void => deps.onError(error, `${descriptor.name} handler bookkeeping failed`);
  const bookkeepingFailed = (error: unknown): void => {
    try {
      reportBookkeeping(error);
    } finally {
      untrack();
    }
  };
  const track = (work: Promise<unknown> | undefined): void => {
    if (work === undefined) return; // handled synchronously, reply already sent
    inFlight++;
    work.then(untrack, bookkeepingFailed);
  };

  for (const [name, method] of Object.entries(descriptor.methods)) {
    const handler = handlers[name];
    if (typeof handler !== 'function') {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', `service ${descriptor.name} has no handler for method "${name}"`);
    }
    const served: ServedMethod = { method, handler, emit, deps, fail: failFor(method, deps.validateOutbound) };
    const observer = deps.observer;
    const onRequest = (envelope: InternalEnvelope): void => {
      try {
        track(observer === undefined ? handleRequest(served, envelope, undefined) : observer.handle(envelope, method.subject, 'server', (probe) => handleRequest(served, envelope, probe)));
      } catch (error) {
        // Only reporting a failure can throw here; as when the reply is sent later.
        reportBookkeeping(error);
      }
    };
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
      if (inFlight === 0) return;
      allDone ??= new Promise<void>((resolve) => (markAllDone = resolve));
      await allDone;
    },
  };
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

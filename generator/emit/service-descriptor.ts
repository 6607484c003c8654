/**
 * The service descriptor literal (`export const OrdersService = { ... }`):
 * plain data plus references to message descriptors and event consts. Keys of
 * `methods`, `events`, `subscriptions` and `queues` are the names as property
 * names (see naming/names.ts `propertyName`); `name` keeps what was written.
 */
import type { ErrorModel, MethodModel, QueueModel, ServiceModel, SubscriptionModel } from '../model/types.js';
import { eventConstName, eventsPath, importSpecifier, messageDescriptorName, messageTypePath, propertyName } from '../naming/names.js';
import { identifier, printLiteral, type Literal } from './ts-literal.js';
import type { Imports } from './ts-morph-file.js';

/** Registers the imports the descriptor's references need, for a file at `path`. */
export class DescriptorRefs {
  constructor(
    private readonly path: string,
    private readonly imports: Imports,
  ) {}

  message(name: string): Literal {
    this.imports.value(importSpecifier(this.path, messageTypePath(name)), messageDescriptorName(name));
    return identifier(messageDescriptorName(name));
  }

  event(service: string, event: string): Literal {
    const name = eventConstName(service, event);
    this.imports.value(importSpecifier(this.path, eventsPath(service)), name);
    return identifier(name);
  }
}

function errorLiteral(error: ErrorModel, refs: DescriptorRefs): Literal {
  return {
    code: error.code,
    description: error.description,
    details: error.details === undefined ? undefined : refs.message(error.details),
    retryable: error.retryable,
  };
}

function methodLiteral(service: ServiceModel, method: MethodModel, refs: DescriptorRefs): Literal {
  return {
    name: method.name,
    service: service.name,
    subject: method.subject,
    request: refs.message(method.request),
    response: refs.message(method.response),
    errors: Object.fromEntries(method.errors.map((error) => [error.code, errorLiteral(error, refs)])),
    timeoutMs: method.timeoutMs,
    description: method.description,
  };
}

function subscriptionLiteral(service: ServiceModel, subscription: SubscriptionModel, refs: DescriptorRefs): Literal {
  return {
    name: subscription.name,
    service: service.name,
    pattern: subscription.pattern,
    events: subscription.events.map((ref) => refs.event(ref.service, ref.event)),
    description: subscription.description,
  };
}

function queueLiteral(service: ServiceModel, queue: QueueModel, refs: DescriptorRefs): Literal {
  return {
    name: queue.name,
    service: service.name,
    subject: queue.subject,
    message: refs.message(queue.message),
    durable: queue.durable,
    maxLength: queue.maxLength,
    overflow: queue.overflow,
    ttlMs: queue.ttlMs,
    maxRetries: queue.maxRetries,
    retryDelayMs: queue.retryDelayMs,
    deadLetter: queue.deadLetter,
    priorities: queue.priorities,
    producers: [...queue.producers],
    consumers: [...queue.consumers],
    description: queue.description,
  };
}

function byKey<T extends { name: string }>(items: ReadonlyArray<T>, literal: (item: T) => Literal): { [key: string]: Literal } {
  return Object.fromEntries(items.map((item) => [propertyName(item.name), literal(item)]));
}

/** The descriptor as TypeScript source (an object literal, without `as const`). */
export function serviceDescriptorLiteral(service: ServiceModel, refs: DescriptorRefs): string {
  return printLiteral({
    name: service.name,
    version: service.version,
    description: service.description,
    methods: byKey(service.methods, (method) => methodLiteral(service, method, refs)),
    events: byKey(service.events, (event) => refs.event(service.name, event.name)),
    subscriptions: byKey(service.subscriptions, (subscription) => subscriptionLiteral(service, subscription, refs)),
    queues: byKey(service.queues, (queue) => queueLiteral(service, queue, refs)),
  });
}

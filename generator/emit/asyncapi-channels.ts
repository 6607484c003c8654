/**
 * The channels and operations of the AsyncAPI document, from the services'
 * point of view (an AsyncAPI operation is what one application does):
 *
 * - a method: its request channel (address `<service>.<method>`) and a reply
 *   channel whose address is dynamic (`null`, the request's `replyTo`); the
 *   service *receives* the request and replies with the response, a declared
 *   error or another typewire error;
 * - an event: a channel at its topic; the service *sends* it;
 * - a subscription: the service *receives* on each event channel its pattern
 *   matches (an operation has exactly one channel, so one operation each);
 * - a queue: a channel at `queue.<name>`; each producer *sends*, each consumer
 *   *receives* (producers and consumers are names, not necessarily services).
 *   A send is a request on the wire (docs/protocol.md): the queue's host
 *   replies with an acknowledgement or an error, so a producer's operation
 *   has a reply like a method's.
 *
 * Messages are referenced here by their `components.messages` key; the
 * caller builds those components (see asyncapi.ts).
 */
import { typewireError } from '../../runtime/errors/typewire-error.js';
import type { MethodModel, QueueModel, SchemaModel, ServiceModel, SubscriptionModel } from '../model/types.js';
import {
  documentRef,
  errorMessageKey,
  eventOperationId,
  GENERIC_ERROR_MESSAGE_KEY,
  methodOperationId,
  QUEUE_ACK_MESSAGE_KEY,
  queueOperationId,
  replyChannelId,
  subjectChannelId,
  subscriptionOperationId,
} from '../naming/asyncapi-ids.js';
import type { JsonObject } from './asyncapi-schemas.js';

/** Where a request names the subject its reply goes to (see the envelope schema's `replyTo`). */
export const REPLY_ADDRESS_LOCATION = '$message.header#/replyTo';

export interface ChannelsAndOperations {
  readonly channels: Map<string, JsonObject>;
  readonly operations: Map<string, JsonObject>;
}

const optional = (key: string, value: unknown): JsonObject => (value === undefined ? {} : { [key]: value });

/** A channel's `messages`: message key → reference to the message component, keys sorted. */
function channelMessages(keys: ReadonlyArray<string>): JsonObject {
  const unique = [...new Set(keys)].sort();
  return Object.fromEntries(unique.map((key) => [key, { $ref: documentRef('components', 'messages', key) }]));
}

/** The operation-side references to messages of a channel (operations may only use their channel's messages). */
function operationMessages(channelId: string, keys: ReadonlyArray<string>): JsonObject[] {
  return [...new Set(keys)].map((key) => ({ $ref: documentRef('channels', channelId, 'messages', key) }));
}

const channelRef = (channelId: string): JsonObject => ({ $ref: documentRef('channels', channelId) });

/** The messages a method's reply may carry: the response, each declared error, then any other typewire error. */
function replyMessageKeys(service: ServiceModel, method: MethodModel): string[] {
  return [method.response, ...method.errors.map((error) => errorMessageKey(service.name, method.name, error.code)), GENERIC_ERROR_MESSAGE_KEY];
}

/** The reply channel of requests to `subject`, and the operation's `reply` that points at it. */
function addReply(out: ChannelsAndOperations, subject: string, replies: ReadonlyArray<string>): JsonObject {
  const replyId = replyChannelId(subject);
  out.channels.set(replyId, {
    address: null,
    description: `Replies to ${subject}, sent to the subject the request names in replyTo.`,
    messages: channelMessages(replies),
  });
  return {
    address: { location: REPLY_ADDRESS_LOCATION, description: 'The subject the caller named in the request envelope.' },
    channel: channelRef(replyId),
    messages: operationMessages(replyId, replies),
  };
}

function addMethod(out: ChannelsAndOperations, service: ServiceModel, method: MethodModel): void {
  const requestId = subjectChannelId(method.subject);
  out.channels.set(requestId, { address: method.subject, ...optional('description', method.description), messages: channelMessages([method.request]) });
  const reply = addReply(out, method.subject, replyMessageKeys(service, method));
  out.operations.set(methodOperationId(service.name, method.name), {
    action: 'receive',
    channel: channelRef(requestId),
    summary: `${service.name} handles ${method.subject}`,
    ...optional('description', method.description),
    messages: operationMessages(requestId, [method.request]),
    reply,
    tags: [{ name: service.name }],
    'x-typewire-timeout-ms': method.timeoutMs,
  });
}

function addSubscription(out: ChannelsAndOperations, service: ServiceModel, subscription: SubscriptionModel, topics: ReadonlyMap<string, { topic: string; payload: string }>): void {
  for (const ref of subscription.events) {
    const event = topics.get(`${ref.service}/${ref.event}`);
    // emitAll checks the model's references before any emitter runs.
    if (event === undefined) throw typewireError('INTERNAL_UNEXPECTED', `subscription ${service.name}.${subscription.name} names unknown event ${ref.service}.${ref.event}`);
    const channelId = subjectChannelId(event.topic);
    out.operations.set(subscriptionOperationId(service.name, subscription.name, event.topic), {
      action: 'receive',
      channel: channelRef(channelId),
      summary: `${service.name} receives ${event.topic} (subscription ${subscription.name}: ${subscription.pattern})`,
      ...optional('description', subscription.description),
      messages: operationMessages(channelId, [event.payload]),
      tags: [{ name: service.name }],
      'x-typewire-pattern': subscription.pattern,
    });
  }
}

function queueSettings(service: ServiceModel, queue: QueueModel): JsonObject {
  const deadLetter = queue.deadLetter === undefined ? undefined : service.queues.find((q) => q.name === queue.deadLetter)?.subject;
  return {
    durable: queue.durable,
    ...optional('maxLength', queue.maxLength),
    overflow: queue.overflow,
    ...optional('ttlMs', queue.ttlMs),
    maxRetries: queue.maxRetries,
    retryDelayMs: queue.retryDelayMs,
    ...optional('deadLetter', deadLetter),
    priorities: queue.priorities,
  };
}

function addQueue(out: ChannelsAndOperations, service: ServiceModel, queue: QueueModel): void {
  const channelId = subjectChannelId(queue.subject);
  out.channels.set(channelId, {
    address: queue.subject,
    ...optional('description', queue.description),
    messages: channelMessages([queue.message]),
    'x-typewire-service': service.name,
    'x-typewire-queue': queueSettings(service, queue),
  });
  const operation = (party: string, action: 'send' | 'receive', summary: string, extra: JsonObject = {}): void => {
    out.operations.set(queueOperationId(queue.name, action, party), {
      action,
      channel: channelRef(channelId),
      summary,
      messages: operationMessages(channelId, [queue.message]),
      ...extra,
      tags: [{ name: party }],
    });
  };
  // Only producers send, so the acknowledgement channel exists only when someone does.
  const reply = queue.producers.length === 0 ? undefined : addReply(out, queue.subject, [QUEUE_ACK_MESSAGE_KEY, GENERIC_ERROR_MESSAGE_KEY]);
  for (const party of queue.producers) operation(party, 'send', `${party} enqueues to ${queue.subject}`, { reply });
  for (const party of queue.consumers) operation(party, 'receive', `${party} dequeues from ${queue.subject}`);
}

export function channelsAndOperations(model: SchemaModel): ChannelsAndOperations {
  const out: ChannelsAndOperations = { channels: new Map(), operations: new Map() };
  const topics = new Map(model.services.flatMap((s) => s.events.map((e) => [`${s.name}/${e.name}`, { topic: e.topic, payload: e.payload }] as const)));
  for (const service of model.services) {
    for (const method of service.methods) addMethod(out, service, method);
    for (const event of service.events) {
      const channelId = subjectChannelId(event.topic);
      out.channels.set(channelId, { address: event.topic, ...optional('description', event.description), messages: channelMessages([event.payload]) });
      out.operations.set(eventOperationId(service.name, event.name), {
        action: 'send',
        channel: channelRef(channelId),
        summary: `${service.name} publishes ${event.topic}`,
        ...optional('description', event.description),
        messages: operationMessages(channelId, [event.payload]),
        tags: [{ name: service.name }],
      });
    }
    for (const subscription of service.subscriptions) addSubscription(out, service, subscription, topics);
    for (const queue of service.queues) addQueue(out, service, queue);
  }
  return out;
}

/**
 * The ids the AsyncAPI document gives its channels, operations, messages and
 * schemas. They are chosen so that two different things can never share an id
 * for any model the front end accepts, without a collision check:
 *
 * - a subject (method subject, event topic, queue subject) only holds letters,
 *   digits, `_`, `-` and `.`, so `<subject>:reply` is never a subject;
 * - message names are identifiers (no `.`), so component keys with a `.`
 *   (`orders.placeOrder.OUT_OF_STOCK`, `typewire.Envelope`) never equal one;
 * - operation ids start with their kind and a `:`, and the one free-form part
 *   (a queue's producer or consumer name, any string) comes last.
 */
/** The channel of a method's requests, of an event, of a queue: the subject itself. */
export function subjectChannelId(subject: string): string {
  return subject;
}

/** The channel a method's replies travel on (its address is the request's `replyTo`, known only at run time). */
export function replyChannelId(methodSubject: string): string {
  return `${methodSubject}:reply`;
}

export function methodOperationId(service: string, method: string): string {
  return `method:${service}.${method}`;
}

export function eventOperationId(service: string, event: string): string {
  return `event:${service}.${event}`;
}

/** One per topic a subscription's pattern matches: an AsyncAPI operation has exactly one channel. */
export function subscriptionOperationId(service: string, subscription: string, topic: string): string {
  return `subscription:${service}.${subscription}:${topic}`;
}

export function queueOperationId(queue: string, action: 'send' | 'receive', party: string): string {
  return `queue:${queue}:${action}:${party}`;
}

/** The message a declared method error replies with. */
export function errorMessageKey(service: string, method: string, code: string): string {
  return `${service}.${method}.${code}`;
}

/** The message of any other typewire error a reply may carry (validation, internal, ...). */
export const GENERIC_ERROR_MESSAGE_KEY = 'typewire.Error';

/** The acknowledgement a queue send gets back (a send is a request to the queue's subject). */
export const QUEUE_ACK_MESSAGE_KEY = 'typewire.QueueSendAck';

/** The schema of the envelope fields, used as every message's `headers`. */
export const ENVELOPE_SCHEMA_KEY = 'typewire.Envelope';

/**
 * A local reference into the document: `documentRef('channels', 'order.placed')`
 * → `#/channels/order.placed`. Segments are escaped as JSON pointer segments (RFC 6901).
 */
export function documentRef(...segments: ReadonlyArray<string>): string {
  return `#${segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
}

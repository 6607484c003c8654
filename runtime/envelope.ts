/**
 * The envelope every message travels in, in process and on the wire.
 * `payload` holds the typed value in process; codecs turn it into bytes only
 * at a transport boundary.
 */
export interface Envelope<T = unknown> {
  /** Unique id (used for deduplication and correlation). */
  id: string;
  /** The subject: a topic, a method subject (`orders.placeOrder`) or a queue subject. */
  type: string;
  /** Who sent it (runtime `source` option). */
  source?: string;
  /** Intended receiver, when addressed to one peer. */
  target?: string;
  /** For replies: the id of the request being answered. */
  correlationId?: string;
  /** For requests: the subject the reply goes to. */
  replyTo?: string;
  headers?: Record<string, string>;
  /** W3C trace context `traceparent`. */
  traceparent?: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Higher is more urgent; 0 is the default. */
  priority?: number;
  /** Milliseconds since the epoch after which the message must not be delivered. */
  expiresAt?: number;
  payload: T;
}

let counter = 0;
const prefix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/**
 * A process-unique, roughly time-ordered id. Cheap on the hot path: no crypto,
 * no allocation beyond the string. Use `randomUUID` where ids must be unguessable.
 */
export function nextId(): string {
  counter = (counter + 1) >>> 0;
  return `${prefix}${counter.toString(36)}`;
}

export function createEnvelope<T>(type: string, payload: T, fields: Partial<Omit<Envelope<T>, 'type' | 'payload'>> = {}): Envelope<T> {
  return { id: fields.id ?? nextId(), type, timestamp: fields.timestamp ?? Date.now(), ...fields, payload };
}

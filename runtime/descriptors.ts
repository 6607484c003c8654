/**
 * Descriptors are what generated code hands to the runtime: a message's
 * validator and codecs, a service's methods, events, subscriptions and queues.
 * They are plain data plus precompiled functions; nothing here compiles a schema.
 */
import type { Codec } from './codec/codec.js';

/** An ajv standalone validate function (precompiled at generation time). */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ReadonlyArray<AjvErrorObject> | null;
}

/** The subset of ajv's ErrorObject that typewire reads. */
export interface AjvErrorObject {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * Where 64-bit integers and byte strings sit inside a message, as paths of
 * property names with `*` for any array item or map value. The JSON codec
 * needs this to restore `bigint` and `Uint8Array` values that JSON cannot carry.
 */
export interface SpecialPaths {
  readonly int64: ReadonlyArray<ReadonlyArray<string>>;
  readonly bytes: ReadonlyArray<ReadonlyArray<string>>;
}

export interface MessageSpec {
  /** The type name (the schema's `title`). */
  readonly name: string;
  /** The schema's `$id` (or one derived from its file path). */
  readonly schemaId: string;
  /** sha256 of the canonical schema: two sides with equal fingerprints agree on the shape. */
  readonly fingerprint: string;
  readonly validate: ValidateFunction;
  /** Object key lists found in the schema, in declaration order, for msgpackr records. */
  readonly structures: ReadonlyArray<ReadonlyArray<string>>;
  readonly special: SpecialPaths;
}

export interface MessageDescriptor<T> extends MessageSpec {
  /** Phantom field carrying the TypeScript type; never set at run time. */
  readonly __type?: T;
  readonly msgpack: Codec<T>;
  readonly json: Codec<T>;
}

export type MessageType<D> = D extends MessageDescriptor<infer T> ? T : never;

/** A declared method error: its code and, optionally, the schema of its details. */
export interface ErrorSpec<Details = unknown> {
  readonly code: string;
  readonly description?: string;
  readonly details?: MessageDescriptor<Details>;
  readonly retryable: boolean;
}

export type ErrorSpecs = Record<string, ErrorSpec<unknown>>;

export interface MethodDescriptor<Req, Res, Errs extends ErrorSpecs = ErrorSpecs> {
  readonly name: string;
  readonly service: string;
  /** The subject requests are sent to: `<service>.<method>`. */
  readonly subject: string;
  readonly request: MessageDescriptor<Req>;
  readonly response: MessageDescriptor<Res>;
  readonly errors: Errs;
  readonly timeoutMs: number;
  readonly description?: string;
}

export interface EventDescriptor<T> {
  readonly name: string;
  readonly service: string;
  /** A concrete topic (no wildcards), `.`-separated. */
  readonly topic: string;
  readonly payload: MessageDescriptor<T>;
  readonly description?: string;
}

export interface SubscriptionDescriptor<T> {
  readonly name: string;
  readonly service: string;
  /** A topic pattern with `*` (one segment) and `#` (zero or more segments). */
  readonly pattern: string;
  /** The events the pattern matches; a delivered payload is one of theirs. */
  readonly events: ReadonlyArray<EventDescriptor<T>>;
  readonly description?: string;
}

export type QueueOverflow = 'reject' | 'drop-oldest';

export interface QueueDescriptor<T> {
  readonly name: string;
  readonly service: string;
  /** The subject messages travel on: `queue.<name>`. */
  readonly subject: string;
  readonly message: MessageDescriptor<T>;
  readonly durable: boolean;
  readonly maxLength?: number;
  readonly overflow: QueueOverflow;
  readonly ttlMs?: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  /** The dead-letter queue's name, when one is declared. */
  readonly deadLetter?: string;
  /** Number of priority levels (0 .. priorities-1). */
  readonly priorities: number;
  readonly producers: ReadonlyArray<string>;
  readonly consumers: ReadonlyArray<string>;
  readonly description?: string;
}

export interface ServiceDescriptor {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly methods: Readonly<Record<string, MethodDescriptor<any, any, any>>>;
  readonly events: Readonly<Record<string, EventDescriptor<any>>>;
  readonly subscriptions: Readonly<Record<string, SubscriptionDescriptor<any>>>;
  readonly queues: Readonly<Record<string, QueueDescriptor<any>>>;
}

/** What a subject carries: the route table maps every subject to one of these. */
export type RouteKind = 'request' | 'response' | 'event' | 'queue';

export interface Route {
  readonly subject: string;
  readonly kind: RouteKind;
  readonly service: string;
  readonly name: string;
  readonly message: MessageDescriptor<unknown>;
}

export type RouteTable = ReadonlyArray<Route>;

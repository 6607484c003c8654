/**
 * The typed surface that generated clients and service definitions are built
 * from. Generated code names these types explicitly for readability; the
 * mapped types here are what keep the two in step.
 */
import type {
  ErrorSpec,
  ErrorSpecs,
  EventDescriptor,
  MessageDescriptor,
  MethodDescriptor,
  QueueDescriptor,
  ServiceDescriptor,
  SubscriptionDescriptor,
} from '../descriptors.js';
import type { Envelope } from '../envelope.js';
import type { Subscription } from '../bus/types.js';
import type { TypewireError } from '../errors/typewire-error.js';

export interface CallOptions {
  /** Overrides the method's declared timeout. */
  readonly timeoutMs?: number;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface PublishOptions {
  readonly headers?: Record<string, string>;
  readonly priority?: number;
  /** Time to live: receivers drop the event after this many milliseconds. */
  readonly ttlMs?: number;
}

export interface SendOptions {
  /** Message id; a second send with the same id (within the queue's deduplication window) is a duplicate, stored once. */
  readonly id?: string;
  /** Higher first; clamped into the queue's `0 .. priorities-1`. */
  readonly priority?: number;
  /** Not delivered before this many milliseconds have passed (counted from the commit, for durable queues). */
  readonly delayMs?: number;
  /** Never delivered after this many milliseconds; it goes to the dead-letter queue (reason `expired`) instead. */
  readonly ttlMs?: number;
}

/** What a send resolves to once the queue accepted (and, when durable, committed) the message. */
export interface SendResult {
  /** True when the id was seen before: the queue kept the first message and stored this one no second time. */
  readonly duplicate: boolean;
}

export interface ConsumeOptions {
  /** Messages handled at once. Default 1. */
  readonly concurrency?: number;
  /** Durable queues: messages leased ahead of a free handler. Default `concurrency`. In-memory queues hand messages over directly and ignore it. */
  readonly prefetch?: number;
  /** Durable queues: how long a delivery is held before another consumer may take it (renewed while the handler runs). Default 30 s. */
  readonly leaseMs?: number;
}

export type RequestOf<M> = M extends MethodDescriptor<infer Req, any, any> ? Req : never;
export type ResponseOf<M> = M extends MethodDescriptor<any, infer Res, any> ? Res : never;
export type PayloadOf<E> = E extends EventDescriptor<infer T> ? T : E extends SubscriptionDescriptor<infer T> ? T : never;
export type QueueMessageOf<Q> = Q extends QueueDescriptor<infer T> ? T : never;
export type DetailsOf<S> = S extends ErrorSpec<infer D> ? (S extends { details: MessageDescriptor<any> } ? D : undefined) : never;

/** A declared method error, as a caller receives it. `code` narrows `details`. */
export type DeclaredError<Errs extends ErrorSpecs> = {
  [K in keyof Errs & string]: TypewireError<K, DetailsOf<Errs[K]>>;
}[keyof Errs & string];

export type MethodErrorOf<M> = M extends MethodDescriptor<any, any, infer E> ? DeclaredError<E> : never;

export type EventHandler<T> = (payload: T, envelope: Envelope<T>) => void | Promise<void>;

export interface EventClient<T> {
  /** Publishes the event (validated first when outbound validation is on). */
  publish(payload: T, options?: PublishOptions): Promise<void>;
  /** Receives each event after it passed validation. */
  subscribe(handler: EventHandler<T>): Subscription;
}

export interface QueueMessageContext<T> {
  readonly envelope: Envelope<T>;
  /** 1 on the first delivery. */
  readonly attempt: number;
}

export type QueueHandler<T> = (message: T, context: QueueMessageContext<T>) => void | Promise<void>;

export interface QueueConsumer {
  /** Stops taking new messages and waits for those in hand. */
  close(): Promise<void>;
}

export interface QueueClient<T> {
  /**
   * Resolves once the queue has accepted the message: for a queue hosted on a
   * durable store, after the transaction holding it committed. Rejects with
   * the queue's coded error (VALIDATION_FAILED, PERSISTENCE_QUEUE_FULL, …).
   */
  send(message: T, options?: SendOptions): Promise<SendResult>;
  consume(handler: QueueHandler<T>, options?: ConsumeOptions): QueueConsumer;
}

export type ServiceClient<S extends ServiceDescriptor> = {
  readonly [K in keyof S['methods']]: (request: RequestOf<S['methods'][K]>, options?: CallOptions) => Promise<ResponseOf<S['methods'][K]>>;
} & {
  readonly events: { readonly [K in keyof S['events']]: EventClient<PayloadOf<S['events'][K]>> };
  readonly queues: { readonly [K in keyof S['queues']]: QueueClient<QueueMessageOf<S['queues'][K]>> };
};

/** What a handler receives besides the request. */
export interface MethodContext<S extends ServiceDescriptor, Errs extends ErrorSpecs = ErrorSpecs> {
  readonly envelope: Envelope<unknown>;
  /** Throws the method's declared error; the caller receives it with the same code and details. */
  fail<K extends keyof Errs & string>(code: K, ...details: DetailsOf<Errs[K]> extends undefined ? [message?: string] : [details: DetailsOf<Errs[K]>, message?: string]): never;
  /** Publishes one of this service's events. */
  emit<K extends keyof S['events'] & string>(event: K, payload: PayloadOf<S['events'][K]>, options?: PublishOptions): Promise<void>;
}

export interface SubscriptionContext<S extends ServiceDescriptor> {
  readonly envelope: Envelope<unknown>;
  /** The concrete topic the event was published on. */
  readonly topic: string;
  emit<K extends keyof S['events'] & string>(event: K, payload: PayloadOf<S['events'][K]>, options?: PublishOptions): Promise<void>;
}

export type MethodHandler<S extends ServiceDescriptor, M> = (
  request: RequestOf<M>,
  context: MethodContext<S, M extends MethodDescriptor<any, any, infer E> ? E : ErrorSpecs>,
) => ResponseOf<M> | Promise<ResponseOf<M>>;

export type SubscriptionHandler<S extends ServiceDescriptor, Sub> = (payload: PayloadOf<Sub>, context: SubscriptionContext<S>) => void | Promise<void>;

export type ServiceHandlers<S extends ServiceDescriptor> = {
  readonly [K in keyof S['methods']]: MethodHandler<S, S['methods'][K]>;
} & (keyof S['subscriptions'] extends never
  ? { readonly subscriptions?: undefined }
  : { readonly subscriptions: { readonly [K in keyof S['subscriptions']]: SubscriptionHandler<S, S['subscriptions'][K]> } });

/** A service descriptor bound to its handlers, ready for `runtime.serve()`. */
export interface ServiceDefinition<S extends ServiceDescriptor> {
  readonly descriptor: S;
  readonly handlers: ServiceHandlers<S>;
}

export interface ServiceHandle {
  readonly name: string;
  /** Unsubscribes every method and subscription; in-flight handlers finish. */
  close(): Promise<void>;
}

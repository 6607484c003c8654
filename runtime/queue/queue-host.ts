/**
 * Hosts queues in this runtime and hands out typed producers and consumers.
 * A send is a request to the queue's subject, answered once the host has
 * accepted the message, so a producer in another runtime (over a link) gets
 * the same acknowledgement as one in process. A durable queue, in a runtime
 * given a store, lives in the store and is acknowledged after the commit;
 * every other queue lives in memory here.
 */
import type { Bus } from '../bus/bus.js';
import type { MethodDescriptor, QueueDescriptor, ServiceDescriptor } from '../descriptors.js';
import { createEnvelope, type Envelope } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import { EncodedPayload, type InternalEnvelope } from '../internal/envelope-meta.js';
import type { Interest } from '../internal/interest.js';
import type { RuntimeObserver } from '../internal/observer.js';
import { markOutbound, readPayload } from '../internal/read-payload.js';
import type { CallOptions, QueueClient, QueueHandler, SendOptions } from '../rpc/types.js';
import type { DurableQueueStore, HostedQueue, HostedQueueState } from './hosted-queue.js';
import { MemoryQueue, type DeadLetter } from './memory-queue.js';
import { SEND_ACK, sendMethodOf, type SendAck } from './send-method.js';
import { StoreQueue } from './store-queue.js';
import { deadLetterHeaders } from '../dead-letter-headers.js';

export type { SendAck } from './send-method.js';

export interface QueueHostDeps {
  readonly bus: Bus;
  readonly interest: Interest;
  readonly source: string;
  readonly validateOutbound: boolean;
  readonly call: <Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options: CallOptions | undefined, fields: Partial<Envelope<Req>>) => Promise<Res>;
  readonly onError: (error: unknown, context: string) => void;
  /** Counts what the queues do, and runs each consumer inside its message's trace; absent when nothing is observed. */
  readonly observer?: RuntimeObserver;
  /** Where durable queues live; without one, every queue is hosted in memory. */
  readonly store?: DurableQueueStore;
}

export class QueueHost {
  private readonly hosted = new Map<string, HostedQueue>();
  private readonly sendMethods = new Map<string, MethodDescriptor<unknown, SendAck>>();
  /** Dead-letter queues of queues on the store: the store writes their letters, so they must be read from it too. */
  private readonly storedDeadLetters = new Set<string>();

  constructor(private readonly deps: QueueHostDeps) {}

  /** Starts accepting sends for `queue` here (and for its dead-letter queue, when the service declares it). */
  host(queue: QueueDescriptor<unknown>, service?: ServiceDescriptor): HostedQueue {
    const existing = this.hosted.get(queue.subject);
    if (existing) return existing;
    const store = this.storeFor(queue);
    let hosted: HostedQueue;
    if (store) {
      hosted = new StoreQueue(queue, store, { deadLettered: () => this.deps.observer?.deadLettered(queue.subject) });
      if (queue.deadLetter !== undefined) this.storedDeadLetters.add(queue.deadLetter);
    } else {
      hosted = new MemoryQueue(queue, { deadLetter: (letter) => this.deadLetter(queue, letter), onError: this.deps.onError });
    }
    this.hosted.set(queue.subject, hosted);
    const onSend = (envelope: InternalEnvelope): void | Promise<void> => this.accept(hosted, envelope);
    this.deps.bus.subscribe(queue.subject, onSend, { queue: `queue:${queue.name}` });
    this.deps.interest.add(queue.subject, `queue:${queue.name}`);
    const dead = queue.deadLetter === undefined ? undefined : service?.queues[queue.deadLetter];
    if (dead) this.host(dead, service);
    return hosted;
  }

  client<T>(queue: QueueDescriptor<T>): QueueClient<T> {
    return {
      send: (message: T, options: SendOptions = {}) => {
        const fields: Partial<Envelope<T>> = {
          ...(options.id !== undefined ? { id: options.id } : {}),
          ...(options.priority !== undefined ? { priority: options.priority } : {}),
          ...(options.ttlMs !== undefined ? { expiresAt: Date.now() + options.ttlMs } : {}),
          ...(options.delayMs !== undefined ? { headers: { 'typewire-delay-ms': String(options.delayMs) } } : {}),
        };
        // A runtime holding the store stores its own sends: no other runtime needs to host the queue.
        if (this.storeFor(queue as QueueDescriptor<unknown>)) this.host(queue as QueueDescriptor<unknown>);
        return this.deps.call(this.sendMethod(queue), message, undefined, fields);
      },
      consume: (handler, options = {}) => {
        const hosted = this.host(queue as QueueDescriptor<unknown>);
        const run: QueueHandler<unknown> = (_payload, context) => {
          const message = readPayload(context.envelope as InternalEnvelope, queue.message);
          return handler(message, { envelope: context.envelope as Envelope<T>, attempt: context.attempt });
        };
        const observer = this.deps.observer;
        // The stored envelope kept the producer's traceparent: the consumer continues that trace.
        const observed: QueueHandler<unknown> | undefined = observer && (async (payload, context) => {
          await observer.handle(context.envelope, queue.subject, 'consumer', () => run(payload, context));
          observer.acked(queue.subject);
        });
        return hosted.consume(observed ?? run, options);
      },
    };
  }

  /**
   * Depth and messages being handled, by queue subject: what the metrics read
   * at scrape time. Asynchronous once a queue lives in a store (it asks the database).
   */
  stats(): Record<string, HostedQueueState> | Promise<Record<string, HostedQueueState>> {
    const states = [...this.hosted].map(([subject, q]) => [subject, q.stats()] as const);
    if (!states.some(([, state]) => state instanceof Promise)) return Object.fromEntries(states) as Record<string, HostedQueueState>;
    return Promise.all(states.map(async ([subject, state]) => [subject, await state] as const)).then((resolved) => Object.fromEntries(resolved));
  }

  /** Stops this runtime's consumers and waits for sends still committing; a store passed in stays open. */
  async close(): Promise<void> {
    const queues = [...this.hosted.values()];
    this.hosted.clear();
    await Promise.allSettled(queues.map((q) => q.close()));
  }

  private storeFor(queue: QueueDescriptor<unknown>): DurableQueueStore | undefined {
    const store = this.deps.store;
    return store !== undefined && (queue.durable || this.storedDeadLetters.has(queue.name)) ? store : undefined;
  }

  private sendMethod<T>(queue: QueueDescriptor<T>): MethodDescriptor<T, SendAck> {
    let method = this.sendMethods.get(queue.subject);
    if (!method) {
      method = sendMethodOf(queue as QueueDescriptor<unknown>);
      this.sendMethods.set(queue.subject, method);
    }
    return method as MethodDescriptor<T, SendAck>;
  }

  /** Validates a send and keeps it; the acknowledgement (or the coded refusal) goes back once the queue has it. */
  private accept(queue: HostedQueue, envelope: InternalEnvelope): void | Promise<void> {
    try {
      const arrived = envelope.payload;
      readPayload(envelope, queue.descriptor.message);
      const delay = Number(envelope.headers?.['typewire-delay-ms'] ?? 0);
      // A store keeps a remote payload's bytes as they came (validated just now) rather than re-encoding them.
      const payload = queue instanceof StoreQueue && arrived instanceof EncodedPayload ? arrived : envelope.payload;
      const stored: InternalEnvelope = { ...envelope, payload };
      delete stored.replyTo;
      const fresh = queue.enqueue(stored, Number.isFinite(delay) && delay > 0 ? delay : 0);
      if (!(fresh instanceof Promise)) return this.acknowledge(envelope, fresh);
      return fresh.then(
        (stored) => this.acknowledge(envelope, stored),
        (error: unknown) => this.refuse(envelope, error),
      );
    } catch (thrown) {
      this.refuse(envelope, thrown);
    }
  }

  private acknowledge(envelope: InternalEnvelope, fresh: boolean): void {
    if (fresh) this.deps.observer?.enqueued(envelope.type);
    const reply: InternalEnvelope = createEnvelope<SendAck>(envelope.replyTo ?? '', { duplicate: !fresh }, { source: this.deps.source, correlationId: envelope.id });
    markOutbound(reply, SEND_ACK, false);
    this.reply(envelope, reply);
  }

  private refuse(envelope: InternalEnvelope, thrown: unknown): void {
    const error = TypewireError.from(thrown);
    this.reply(
      envelope,
      createEnvelope(envelope.replyTo ?? '', error.toWire(), {
        source: this.deps.source,
        correlationId: envelope.id,
        headers: { 'typewire-status': 'error' },
      }),
    );
  }

  private reply(envelope: InternalEnvelope, reply: InternalEnvelope): void {
    if (envelope.replyTo) this.deps.bus.publish(reply);
  }

  private deadLetter(queue: QueueDescriptor<unknown>, letter: DeadLetter): void {
    this.deps.observer?.deadLettered(queue.subject);
    const target = queue.deadLetter === undefined ? undefined : this.hosted.get(`queue.${queue.deadLetter}`);
    if (!target) {
      this.deps.onError(
        new TypewireError('PERSISTENCE_UNAVAILABLE', `queue ${queue.name} dropped a message (${letter.reason}); no dead-letter queue is hosted here`),
        'dead letter',
      );
      return;
    }
    const headers = deadLetterHeaders(letter.envelope.headers, { reason: letter.reason, attempts: letter.attempts, origin: queue.name, error: letter.error });
    const { expiresAt: _expired, ...rest } = letter.envelope;
    const subject = target.descriptor.subject;
    try {
      const fresh = target.enqueue({ ...rest, headers }, 0);
      if (fresh instanceof Promise) {
        fresh.then(
          (stored) => stored && this.deps.observer?.enqueued(subject),
          (error: unknown) => this.deps.onError(error, `dead letter of queue ${queue.name}`),
        );
      } else if (fresh) this.deps.observer?.enqueued(subject);
    } catch (error) {
      this.deps.onError(error, `dead letter of queue ${queue.name}`);
    }
  }
}

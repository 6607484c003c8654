/**
 * Hosts queues in this runtime and hands out typed producers and consumers.
 * A send is a request to the queue's subject, answered once the host has
 * accepted the message, so a producer in another runtime (over a link) gets
 * the same acknowledgement as one in process.
 */
import type { Bus } from '../bus/bus.js';
import { defineMessage } from '../codec/define-message.js';
import type { MessageDescriptor, MethodDescriptor, QueueDescriptor, ServiceDescriptor } from '../descriptors.js';
import { createEnvelope, type Envelope } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import type { InternalEnvelope } from '../internal/envelope-meta.js';
import type { Interest } from '../internal/interest.js';
import type { RuntimeObserver } from '../internal/observer.js';
import { markOutbound, readPayload } from '../internal/read-payload.js';
import type { CallOptions, QueueClient, QueueHandler, SendOptions } from '../rpc/types.js';
import { MemoryQueue, type DeadLetter } from './memory-queue.js';

export interface SendAck {
  readonly duplicate: boolean;
}

const acceptAll = Object.assign((_: unknown) => true, { errors: null });
const ACK: MessageDescriptor<SendAck> = defineMessage<SendAck>({
  name: 'QueueSendAck',
  schemaId: 'typewire:queue-send-ack',
  fingerprint: 'queue-send-ack-v1',
  validate: acceptAll,
  structures: [['duplicate']],
  special: { int64: [], bytes: [] },
});

export interface QueueHostDeps {
  readonly bus: Bus;
  readonly interest: Interest;
  readonly source: string;
  readonly validateOutbound: boolean;
  readonly call: <Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options: CallOptions | undefined, fields: Partial<Envelope<Req>>) => Promise<Res>;
  readonly onError: (error: unknown, context: string) => void;
  /** Counts what the queues do, and runs each consumer inside its message's trace; absent when nothing is observed. */
  readonly observer?: RuntimeObserver;
}

export class QueueHost {
  private readonly hosted = new Map<string, MemoryQueue>();
  private readonly sendMethods = new Map<string, MethodDescriptor<unknown, SendAck>>();

  constructor(private readonly deps: QueueHostDeps) {}

  /** Starts accepting sends for `queue` here (and for its dead-letter queue, when the service declares it). */
  host(queue: QueueDescriptor<unknown>, service?: ServiceDescriptor): MemoryQueue {
    const existing = this.hosted.get(queue.subject);
    if (existing) return existing;
    const memory = new MemoryQueue(queue, { deadLetter: (letter) => this.deadLetter(queue, letter), onError: this.deps.onError });
    this.hosted.set(queue.subject, memory);
    const onSend = (envelope: InternalEnvelope): void => this.accept(memory, envelope);
    this.deps.bus.subscribe(queue.subject, onSend, { queue: `queue:${queue.name}` });
    this.deps.interest.add(queue.subject, `queue:${queue.name}`);
    const dead = queue.deadLetter === undefined ? undefined : service?.queues[queue.deadLetter];
    if (dead) this.host(dead, service);
    return memory;
  }

  client<T>(queue: QueueDescriptor<T>): QueueClient<T> {
    return {
      send: async (message: T, options: SendOptions = {}) => {
        const fields: Partial<Envelope<T>> = {
          ...(options.id !== undefined ? { id: options.id } : {}),
          ...(options.priority !== undefined ? { priority: options.priority } : {}),
          ...(options.ttlMs !== undefined ? { expiresAt: Date.now() + options.ttlMs } : {}),
          ...(options.delayMs !== undefined ? { headers: { 'typewire-delay-ms': String(options.delayMs) } } : {}),
        };
        await this.deps.call(this.sendMethod(queue), message, undefined, fields);
      },
      consume: (handler, options = {}) => {
        const memory = this.host(queue as QueueDescriptor<unknown>);
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
        return memory.consume(observed ?? run, options.concurrency ?? 1);
      },
    };
  }

  /** Queue depths, for inspection. */
  depths(): Record<string, number> {
    return Object.fromEntries([...this.hosted].map(([subject, q]) => [subject, q.depth]));
  }

  /** Depth and messages being handled, by queue subject: what the metrics read at scrape time. */
  stats(): Record<string, { depth: number; inFlight: number }> {
    return Object.fromEntries([...this.hosted].map(([subject, q]) => [subject, { depth: q.depth, inFlight: q.inFlight }]));
  }

  async close(): Promise<void> {
    for (const q of this.hosted.values()) q.close();
    this.hosted.clear();
  }

  private sendMethod<T>(queue: QueueDescriptor<T>): MethodDescriptor<T, SendAck> {
    let method = this.sendMethods.get(queue.subject);
    if (!method) {
      method = {
        name: 'send',
        service: queue.service,
        subject: queue.subject,
        request: queue.message as MessageDescriptor<unknown>,
        response: ACK,
        errors: {},
        timeoutMs: 30_000,
      };
      this.sendMethods.set(queue.subject, method);
    }
    return method as MethodDescriptor<T, SendAck>;
  }

  private accept(memory: MemoryQueue, envelope: InternalEnvelope): void {
    let reply: InternalEnvelope;
    try {
      readPayload(envelope, memory.descriptor.message);
      const delay = Number(envelope.headers?.['typewire-delay-ms'] ?? 0);
      const stored: Envelope<unknown> = { ...envelope, replyTo: undefined } as Envelope<unknown>;
      delete stored.replyTo;
      const fresh = memory.enqueue(stored, Number.isFinite(delay) && delay > 0 ? delay : 0);
      if (fresh) this.deps.observer?.enqueued(envelope.type);
      reply = createEnvelope<SendAck>(envelope.replyTo ?? '', { duplicate: !fresh }, { source: this.deps.source, correlationId: envelope.id });
      markOutbound(reply, ACK, false);
    } catch (thrown) {
      const error = TypewireError.from(thrown);
      reply = createEnvelope(envelope.replyTo ?? '', error.toWire(), {
        source: this.deps.source,
        correlationId: envelope.id,
        headers: { 'typewire-status': 'error' },
      });
    }
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
    const headers: Record<string, string> = {
      ...letter.envelope.headers,
      'typewire-dead-reason': letter.reason,
      'typewire-attempts': String(letter.attempts),
      'typewire-dead-from': queue.name,
    };
    if (letter.error) {
      headers['typewire-error-code'] = letter.error.code;
      headers['typewire-error-message'] = letter.error.message;
    }
    const { expiresAt: _expired, ...rest } = letter.envelope;
    if (target.enqueue({ ...rest, headers })) this.deps.observer?.enqueued(target.descriptor.subject);
  }
}

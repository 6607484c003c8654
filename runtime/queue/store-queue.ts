/**
 * A queue this runtime hosts on a durable store: sends are stored (and
 * acknowledged after the commit), consumers lease from the store, and
 * retries, dead letters, TTL, priority and deduplication are the store's
 * (docs/queues.md). Runtimes sharing a database share the queue.
 */
import type { QueueDescriptor } from '../descriptors.js';
import type { Envelope } from '../envelope.js';
import type { ConsumeOptions, QueueConsumer, QueueHandler } from '../rpc/types.js';
import type { DurableQueueStore, HostedQueue, HostedQueueState } from './hosted-queue.js';

export interface StoreQueueDeps {
  /** Told when a handler's failure used up the message's last attempt (the store moves it to the dead-letter queue). */
  readonly deadLettered: () => void;
}

export class StoreQueue implements HostedQueue {
  private readonly consumers = new Set<QueueConsumer>();
  private readonly committing = new Set<Promise<unknown>>();

  constructor(
    readonly descriptor: QueueDescriptor<unknown>,
    private readonly store: DurableQueueStore,
    private readonly deps: StoreQueueDeps,
  ) {}

  async enqueue(envelope: Envelope<unknown>, delayMs: number): Promise<boolean> {
    const stored = this.store.enqueue(this.descriptor, envelope, { delayMs });
    this.committing.add(stored);
    try {
      return !(await stored).duplicate;
    } finally {
      this.committing.delete(stored);
    }
  }

  consume(handler: QueueHandler<unknown>, options: ConsumeOptions): QueueConsumer {
    const { maxRetries } = this.descriptor;
    const handle = this.store.consume(
      this.descriptor,
      async (envelope, { attempt }) => {
        try {
          // The store decoded and validated the payload against the queue's schema.
          await handler(envelope.payload, { envelope, attempt });
        } catch (error) {
          if (attempt > maxRetries) this.deps.deadLettered();
          throw error;
        }
      },
      {
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.prefetch !== undefined ? { prefetch: options.prefetch } : {}),
        ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      },
    );
    const consumer: QueueConsumer = {
      close: async () => {
        this.consumers.delete(consumer);
        await handle.close();
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  /** Waiting (ready and delayed) and leased messages, read from the database. */
  async stats(): Promise<HostedQueueState> {
    const stats = await this.store.stats(this.descriptor.name);
    return { depth: stats.pending, inFlight: stats.inFlight };
  }

  /** Closes the consumers this runtime started (running handlers finish, their acks commit) and waits for pending sends. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.close()));
    await Promise.allSettled([...this.committing]);
  }
}

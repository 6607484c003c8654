/**
 * What the queue host needs from a queue it hosts, whether the messages live
 * in this process (MemoryQueue) or in a durable store (StoreQueue), and the
 * port a durable store offers the runtime. Only types: runtime.ts imports
 * this and must stay browser-safe, so the store itself (pg, PGlite,
 * node:crypto) is never imported here; `QueueStore` satisfies the port.
 */
import type { QueueDescriptor } from '../descriptors.js';
import type { Envelope } from '../envelope.js';
import type { ConsumeOptions, QueueConsumer, QueueHandler } from '../rpc/types.js';

/** Waiting messages and messages being handled: what metrics read at scrape time. */
export interface HostedQueueState {
  readonly depth: number;
  readonly inFlight: number;
}

export interface HostedQueue {
  readonly descriptor: QueueDescriptor<unknown>;
  /** Keeps a message; false (or a promise of it) when its id was a duplicate. Throws or rejects with a coded error. */
  enqueue(envelope: Envelope<unknown>, delayMs: number): boolean | Promise<boolean>;
  /** Runs `handler` on the queue's messages until the returned consumer is closed. */
  consume(handler: QueueHandler<unknown>, options: ConsumeOptions): QueueConsumer;
  stats(): HostedQueueState | Promise<HostedQueueState>;
  /** Stops this host's consumers; a durable queue also waits for the enqueues still committing. */
  close(): void | Promise<void>;
}

/**
 * A durable queue store as the runtime uses it: `QueueStore` from
 * runtime/store/queue (docs/queues.md). Passed to `createRuntime({ queueStore })`;
 * the runtime never closes it (its owner does, after the runtime).
 */
export interface DurableQueueStore {
  /** Resolves after the commit; `duplicate` when the id was seen within the deduplication window. */
  enqueue<T>(queue: QueueDescriptor<T>, envelope: Envelope<T>, options?: { readonly delayMs?: number }): Promise<{ readonly duplicate: boolean }>;
  /** Delivers decoded, validated envelopes; a handler that throws is retried, then dead-lettered by the store. */
  consume<T>(
    queue: QueueDescriptor<T>,
    handler: (envelope: Envelope<T>, context: { readonly queue: string; readonly id: string; readonly attempt: number }) => void | Promise<void>,
    options?: { readonly concurrency?: number; readonly prefetch?: number; readonly leaseMs?: number },
  ): { close(): Promise<void> };
  stats(queue: string): Promise<{ readonly pending: number; readonly inFlight: number }>;
}

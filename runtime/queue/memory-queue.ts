/**
 * An in-process queue with the semantics the `queues` section declares: max
 * length with an overflow policy, TTL, priority, delayed delivery, retries
 * with exponential backoff and a dead-letter queue. It is not durable: it is
 * the default until a PostgreSQL/PGlite store is configured, and the
 * reference the durable stores are tested against.
 */
import type { QueueDescriptor } from '../descriptors.js';
import type { Envelope } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import type { ConsumeOptions, QueueConsumer, QueueHandler } from '../rpc/types.js';
import type { HostedQueue, HostedQueueState } from './hosted-queue.js';

interface Entry {
  readonly envelope: Envelope<unknown>;
  readonly seq: number;
  attempt: number;
  availableAt: number;
}

export interface DeadLetter {
  readonly envelope: Envelope<unknown>;
  readonly reason: 'max-retries' | 'expired';
  readonly attempts: number;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface MemoryQueueDeps {
  /** Receives messages that exhausted their retries or expired (the DLQ, when declared). */
  readonly deadLetter: (letter: DeadLetter) => void;
  readonly onError: (error: unknown, context: string) => void;
  readonly now?: () => number;
}

const DEDUP_WINDOW = 10_000;

export class MemoryQueue implements HostedQueue {
  private readonly ready: Entry[] = [];
  private readonly ids = new Set<string>();
  private readonly idOrder: string[] = [];
  private readonly consumers = new Set<ConsumerState>();
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(
    readonly descriptor: QueueDescriptor<unknown>,
    private readonly deps: MemoryQueueDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  get depth(): number {
    return this.ready.length;
  }

  /** Messages handed to consumers and not finished yet. */
  get inFlight(): number {
    let n = 0;
    for (const consumer of this.consumers) n += consumer.inFlight.size;
    return n;
  }

  /** Accepts a message; returns false when it was a duplicate id (stored once). */
  enqueue(envelope: Envelope<unknown>, delayMs = 0): boolean {
    if (this.ids.has(envelope.id)) return false;
    const { maxLength, overflow, name } = this.descriptor;
    if (maxLength !== undefined && this.ready.length >= maxLength) {
      if (overflow === 'reject') {
        throw new TypewireError('PERSISTENCE_QUEUE_FULL', `queue ${name} is full (${maxLength} messages)`, { details: { queue: name, maxLength } });
      }
      this.dropOldest();
    }
    this.remember(envelope.id);
    this.insert({ envelope, seq: this.seq++, attempt: 0, availableAt: this.now() + delayMs });
    this.pump();
    return true;
  }

  /** Messages are handed to a free handler directly, so `prefetch` and `leaseMs` do not apply here. */
  consume(handler: QueueHandler<unknown>, options: ConsumeOptions = {}): QueueConsumer {
    const state = new ConsumerState(handler, Math.max(1, options.concurrency ?? 1));
    this.consumers.add(state);
    this.pump();
    return {
      close: async () => {
        this.consumers.delete(state);
        await Promise.allSettled([...state.inFlight]);
      },
    };
  }

  stats(): HostedQueueState {
    return { depth: this.depth, inFlight: this.inFlight };
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.consumers.clear();
  }

  private remember(id: string): void {
    this.ids.add(id);
    this.idOrder.push(id);
    if (this.idOrder.length > DEDUP_WINDOW) this.ids.delete(this.idOrder.shift()!);
  }

  private dropOldest(): void {
    let oldest = 0;
    for (let i = 1; i < this.ready.length; i++) if (this.ready[i]!.seq < this.ready[oldest]!.seq) oldest = i;
    this.ready.splice(oldest, 1);
  }

  /** Keeps `ready` ordered by priority (high first), then arrival. */
  private insert(entry: Entry): void {
    const priority = entry.envelope.priority ?? 0;
    let i = this.ready.length;
    while (i > 0) {
      const prev = this.ready[i - 1]!;
      const prevPriority = prev.envelope.priority ?? 0;
      if (prevPriority > priority || (prevPriority === priority && prev.seq < entry.seq)) break;
      i--;
    }
    this.ready.splice(i, 0, entry);
  }

  private pump(): void {
    const now = this.now();
    let nextWake = Infinity;
    for (let i = 0; i < this.ready.length; ) {
      const entry = this.ready[i]!;
      const expiresAt = entry.envelope.expiresAt;
      if (expiresAt !== undefined && expiresAt <= now) {
        this.ready.splice(i, 1);
        this.deps.deadLetter({ envelope: entry.envelope, reason: 'expired', attempts: entry.attempt });
        continue;
      }
      if (entry.availableAt > now) {
        nextWake = Math.min(nextWake, entry.availableAt);
        i++;
        continue;
      }
      const consumer = this.freeConsumer();
      if (!consumer) break;
      this.ready.splice(i, 1);
      this.deliver(consumer, entry);
    }
    this.schedule(nextWake);
  }

  private schedule(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (at === Infinity || this.consumers.size === 0) return;
    this.timer = setTimeout(() => this.pump(), Math.max(0, at - this.now()));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private freeConsumer(): ConsumerState | undefined {
    for (const c of this.consumers) if (c.inFlight.size < c.concurrency) return c;
    return undefined;
  }

  private deliver(consumer: ConsumerState, entry: Entry): void {
    entry.attempt++;
    const work = (async () => consumer.handler(entry.envelope.payload, { envelope: entry.envelope, attempt: entry.attempt }))();
    consumer.inFlight.add(work);
    work
      .then(
        () => undefined,
        (error: unknown) => this.retryOrDeadLetter(entry, error),
      )
      .finally(() => {
        consumer.inFlight.delete(work);
        this.pump();
      });
  }

  private retryOrDeadLetter(entry: Entry, error: unknown): void {
    const failure = TypewireError.from(error);
    if (entry.attempt > this.descriptor.maxRetries) {
      this.deps.deadLetter({
        envelope: entry.envelope,
        reason: 'max-retries',
        attempts: entry.attempt,
        error: { code: failure.code, message: failure.message },
      });
      return;
    }
    const backoff = this.descriptor.retryDelayMs * 2 ** (entry.attempt - 1);
    const jitter = Math.random() * 0.2 * backoff;
    entry.availableAt = this.now() + backoff + jitter;
    this.insert(entry);
  }
}

class ConsumerState {
  readonly inFlight = new Set<Promise<unknown>>();
  constructor(
    readonly handler: QueueHandler<unknown>,
    readonly concurrency: number,
  ) {}
}

/**
 * The durable queue store: queues as rows of one table on PostgreSQL or
 * PGlite (the same SQL on both), independent of the bus. Producers enqueue
 * (group-committed: concurrent sends share a transaction), consumers lease
 * with FOR UPDATE SKIP LOCKED, and every message ends acked, in its
 * dead-letter queue, or reported as dropped. docs/queues.md describes the
 * semantics; the SQL sits in the files this one imports.
 */
import { randomUUID } from 'node:crypto';
import type { QueueDescriptor } from '../../descriptors.js';
import type { Envelope } from '../../envelope.js';
import { TypewireError } from '../../errors/typewire-error.js';
import { toPersistenceError } from '../database-errors.js';
import type { SqlDatabase } from '../sql-database.js';
import { ackMessages, leaseLost } from './ack-statement.js';
import { checkCursor, listDeadLetters, replayDeadLetters } from './dead-letter-admin.js';
import { deadLetterLeased, expireMessages, summarize, type FailureSummary, type RemovalResult } from './dead-letters.js';
import { enqueueRequest, type EnqueueRequest } from './enqueue-request.js';
import { EnqueueBatches } from './enqueue-batch.js';
import { GroupCommit, type ItemResult } from '../group-commit.js';
import { extendLeases, leaseMessages, probeQueue, releaseLeases, retryLeased } from './lease-statements.js';
import {
  checkCount,
  checkDescriptor,
  checkDuration,
  checkMessageId,
  checkQueueName,
  consumerSettings,
  DEFAULT_LEASE_MS,
  MAX_FETCH,
} from './queue-arguments.js';
import { QueueConsumer, type ConsumerPort } from './queue-consumer.js';
import { emptyStats, queueStats } from './queue-inspection.js';
import { retryDelay } from './retry-delay.js';
import type {
  ConsumeOptions,
  DeadLetterPage,
  DeadLetterPageOptions,
  DeliveryHandler,
  DequeueOptions,
  DroppedMessage,
  EnqueueAck,
  EnqueueOptions,
  EnqueueOutcome,
  LeasedMessage,
  NackOptions,
  NackOutcome,
  QueueConsumerHandle,
  QueueStats,
  QueueStoreOptions,
  ReplayOptions,
  ReplayResult,
} from './queue-types.js';

const DEFAULT_DEDUP_WINDOW_MS = 5 * 60_000;
const EXPIRE_BATCH = 1_000;
const NACKED: FailureSummary = { code: 'INTERNAL_HANDLER_FAILED', message: 'the consumer nacked the message' };
const REJECTED: FailureSummary = { code: 'PERSISTENCE_MESSAGE_REJECTED', message: 'the consumer rejected the message' };

export class QueueStore {
  private readonly enqueues: GroupCommit<EnqueueRequest, EnqueueAck>;
  private readonly batches: EnqueueBatches;
  private readonly acks: GroupCommit<LeasedMessage, void>;
  private readonly consumers = new Set<QueueConsumerHandle>();
  private readonly checked = new WeakSet<QueueDescriptor<unknown>>();
  private readonly dedupWindowMs: number;
  private readonly cleanupIntervalMs: number;
  private readonly maxRetryDelayMs: number;
  private cleanupTimer: ReturnType<typeof setInterval> | undefined;
  private closing = false;
  /** What consumers use: the public operations plus leasing, probing and reporting. */
  private readonly port: ConsumerPort;

  constructor(
    readonly db: SqlDatabase,
    private readonly options: QueueStoreOptions = {},
  ) {
    this.port = {
      db,
      lease: (queue, max, leaseMs, owner) => this.lease(queue, max, leaseMs, owner),
      probe: (queue) => probeQueue(this.db, queue.name),
      expire: (queue) => this.expire(queue),
      ack: (message) => this.ack(message),
      nack: (queue, message, options) => this.nack(queue, message, options),
      reject: (queue, message, options) => this.reject(queue, message, options),
      extendLeases: (messages, leaseMs) => this.extendLeases(messages, leaseMs),
      releaseLeases: (messages) => this.releaseLeases(messages),
      report: (error, context) => this.report(error, context),
    };
    this.dedupWindowMs = options.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS;
    this.cleanupIntervalMs = options.dedupCleanupIntervalMs ?? 60_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 15 * 60_000;
    checkDuration('store', 'dedupWindowMs', this.dedupWindowMs);
    checkCount('store', 'dedupCleanupIntervalMs', this.cleanupIntervalMs);
    checkDuration('store', 'maxRetryDelayMs', this.maxRetryDelayMs);
    const maxBatch = options.maxBatch ?? 500;
    const maxInFlight = options.maxFlushesInFlight ?? (db.backend === 'pglite' ? 1 : 2);
    checkCount('store', 'maxBatch', maxBatch, 10_000);
    checkCount('store', 'maxFlushesInFlight', maxInFlight, 64);
    const onFlush = options.onFlush;
    this.batches = new EnqueueBatches(db, this.dedupWindowMs);
    this.enqueues = new GroupCommit((requests) => this.commitEnqueues(requests), {
      maxBatch,
      maxInFlight,
      ...(onFlush ? { onFlush: (size: number) => onFlush({ kind: 'enqueue', size }) } : {}),
    });
    this.acks = new GroupCommit((messages) => ackMessages(this.db, messages), {
      maxBatch,
      maxInFlight,
      ...(onFlush ? { onFlush: (size: number) => onFlush({ kind: 'ack', size }) } : {}),
    });
  }

  /**
   * Stores one message; resolves once its transaction committed. Concurrent
   * calls share a transaction. Rejects with VALIDATION_* / SERIALIZATION_*
   * for a bad message, PERSISTENCE_QUEUE_FULL when the queue is full and
   * refuses more, PERSISTENCE_UNAVAILABLE (retryable) when the database is.
   */
  async enqueue<T>(queue: QueueDescriptor<T>, envelope: Envelope<T>, options: EnqueueOptions = {}): Promise<EnqueueAck> {
    if (this.closing) throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'the queue store was closed');
    this.checkQueue('enqueue', queue as QueueDescriptor<unknown>);
    const request = enqueueRequest(queue, envelope, options, this.options.validate ?? true);
    this.startCleanup();
    return this.enqueues.submit(request);
  }

  /** Stores several messages, each with its own outcome: a refused one does not stop the others. */
  async enqueueBatch<T>(queue: QueueDescriptor<T>, envelopes: ReadonlyArray<Envelope<T>>, options: EnqueueOptions = {}): Promise<EnqueueOutcome[]> {
    const settled = await Promise.allSettled(envelopes.map((envelope) => this.enqueue(queue, envelope, options)));
    return settled.map((s) =>
      s.status === 'fulfilled' ? { ok: true, duplicate: s.value.duplicate } : { ok: false, error: toPersistenceError(s.reason, 'enqueue') },
    );
  }

  /**
   * Leases up to `max` deliverable messages (priority, then arrival; expired
   * ones never). A message whose last allowed attempt ran out of lease is
   * dead-lettered here instead of being delivered again.
   */
  async dequeue(queue: QueueDescriptor<unknown>, options: DequeueOptions = {}): Promise<LeasedMessage[]> {
    const max = options.max ?? 1;
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    checkCount('dequeue', 'max', max, MAX_FETCH);
    checkCount('dequeue', 'leaseMs', leaseMs);
    return (await this.lease(queue, max, leaseMs, options.owner ?? `dequeue-${randomUUID()}`)).messages;
  }

  /** Deletes a handled message. Concurrent acks share a transaction. PERSISTENCE_LEASE_LOST when the lease moved on. */
  async ack(message: LeasedMessage): Promise<void> {
    return this.acks.submit(message);
  }

  /**
   * A failed attempt: visible again after `delayMs` (default: the queue's
   * exponential backoff with jitter), or, when it was the last attempt
   * allowed (`maxRetries + 1` in all), moved to the dead-letter queue in the
   * same transaction (dropped and reported when the queue has none).
   */
  async nack(queue: QueueDescriptor<unknown>, message: LeasedMessage, options: NackOptions = {}): Promise<NackOutcome> {
    this.checkQueue('nack', queue);
    const failure = options.error === undefined ? NACKED : summarize(options.error);
    if (message.attempt > queue.maxRetries) {
      return this.removeLeased('nack', queue, message, await deadLetterLeased(this.db, queue, message, 'max-retries', failure, message.attempt));
    }
    if (options.delayMs !== undefined) checkDuration('nack', 'delayMs', options.delayMs);
    const delay = options.delayMs ?? retryDelay(queue.retryDelayMs, message.attempt, this.maxRetryDelayMs, this.options.random);
    if (!(await retryLeased(this.db, message, delay, failure))) throw leaseLost('nack', message);
    return 'retried';
  }

  /** Straight to the dead-letter queue (reason `rejected`), whatever attempts are left. */
  async reject(queue: QueueDescriptor<unknown>, message: LeasedMessage, options: { readonly error?: unknown } = {}): Promise<void> {
    this.checkQueue('reject', queue);
    const failure = options.error === undefined ? REJECTED : summarize(options.error);
    await this.removeLeased('reject', queue, message, await deadLetterLeased(this.db, queue, message, 'rejected', failure, message.attempt));
  }

  /** Pushes leases `leaseMs` from now; returns the messages whose lease had already moved on. */
  async extendLeases(messages: ReadonlyArray<LeasedMessage>, leaseMs: number): Promise<LeasedMessage[]> {
    checkCount('extendLeases', 'leaseMs', leaseMs);
    return extendLeases(this.db, messages, leaseMs);
  }

  /** Gives unstarted messages back: visible at once, the attempt not spent. Returns how many were still held. */
  async releaseLeases(messages: ReadonlyArray<LeasedMessage>): Promise<number> {
    return releaseLeases(this.db, messages);
  }

  /** Moves expired messages out of `queue` (to its dead-letter queue, reason `expired`); returns how many. Consumers call it when due. */
  async expire(queue: QueueDescriptor<unknown>): Promise<number> {
    this.checkQueue('expire', queue);
    let total = 0;
    for (;;) {
      const result = await expireMessages(this.db, queue, EXPIRE_BATCH);
      this.reportDrops(result.dropped);
      total += result.removed;
      if (result.removed < EXPIRE_BATCH) return total;
    }
  }

  /** Runs `handler` on the messages of `queue` until the returned handle is closed. */
  consume<T>(queue: QueueDescriptor<T>, handler: DeliveryHandler<T>, options: ConsumeOptions = {}): QueueConsumerHandle {
    if (this.closing) throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'the queue store was closed');
    this.checkQueue('consume', queue as QueueDescriptor<unknown>);
    const settings = consumerSettings(options);
    const consumer: QueueConsumer<T> = new QueueConsumer(this.port, queue, handler, settings, () => this.consumers.delete(consumer));
    this.consumers.add(consumer);
    consumer.start();
    return consumer;
  }

  /** Counts of one queue (zeros for a queue that never held a message). */
  async stats(queue: string): Promise<QueueStats> {
    checkQueueName('stats', queue);
    return (await queueStats(this.db, [queue]))[0] ?? emptyStats(queue);
  }

  /** Counts of every queue that ever held a message, by name. */
  async listQueues(): Promise<QueueStats[]> {
    return queueStats(this.db, undefined);
  }

  /** A page of the letters in `deadLetterQueue`, oldest first, with their reasons. */
  async listDeadLetters(deadLetterQueue: string, options: DeadLetterPageOptions = {}): Promise<DeadLetterPage> {
    checkQueueName('listDeadLetters', deadLetterQueue);
    const limit = options.limit ?? 100;
    checkCount('listDeadLetters', 'limit', limit, MAX_FETCH);
    return listDeadLetters(this.db, deadLetterQueue, options.origin, checkCursor(options.after), limit);
  }

  /** Moves letters back to the queues they died in (all, or `ids`, or those of one `origin`). */
  async replayDeadLetters(deadLetterQueue: string, options: ReplayOptions = {}): Promise<ReplayResult> {
    checkQueueName('replayDeadLetters', deadLetterQueue);
    options.ids?.forEach(checkMessageId);
    return replayDeadLetters(this.db, deadLetterQueue, options.ids, options.origin);
  }

  /** Forgets ids older than the deduplication window; returns how many. Runs by itself every `dedupCleanupIntervalMs`. */
  async cleanupDedup(): Promise<number> {
    const { rowCount } = await this.db.query("delete from typewire_queue_dedup where seen_at < now() - $1::float8 * interval '1 millisecond'", [
      this.dedupWindowMs,
    ]);
    return rowCount;
  }

  /** Closes every consumer (see QueueConsumerHandle.close) and waits for pending enqueues and acks. Leaves the database open. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.cleanupTimer);
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    await this.enqueues.drain();
    await this.acks.drain();
  }

  private async lease(queue: QueueDescriptor<unknown>, max: number, leaseMs: number, owner: string): Promise<{ messages: LeasedMessage[]; leased: number }> {
    this.checkQueue('dequeue', queue);
    const leased = await leaseMessages(this.db, queue.name, max, leaseMs, owner);
    const messages: LeasedMessage[] = [];
    for (const message of leased) {
      if (message.attempt <= queue.maxRetries + 1) {
        messages.push(message);
        continue;
      }
      // Delivered maxRetries + 1 times and never settled (the consumer died each time).
      const done = message.attempt - 1;
      const failure = { code: 'PERSISTENCE_LEASE_LOST', message: `the lease of attempt ${done} ran out without an ack or nack` };
      try {
        this.removeLeased('dequeue', queue, message, await deadLetterLeased(this.db, queue, message, 'max-retries', failure, done));
      } catch (error) {
        this.report(error, `queue ${queue.name}: dead-letter an exhausted message`);
      }
    }
    return { messages, leased: leased.length };
  }

  private report(error: unknown, context: string): void {
    try {
      this.options.onError?.(toPersistenceError(error, context), context);
    } catch {
      // A throwing error callback must not take a consumer down with it.
    }
  }

  private async commitEnqueues(requests: ReadonlyArray<EnqueueRequest>): Promise<ReadonlyArray<ItemResult<EnqueueAck>>> {
    const { results, dropped } = await this.batches.commit(requests);
    this.reportDrops(dropped);
    return results;
  }

  private removeLeased(operation: string, queue: QueueDescriptor<unknown>, message: LeasedMessage, result: RemovalResult): NackOutcome {
    if (result.removed === 0) throw leaseLost(operation, message);
    this.reportDrops(result.dropped);
    return queue.deadLetter === undefined ? 'dropped' : 'dead-lettered';
  }

  private reportDrops(dropped: ReadonlyArray<DroppedMessage>): void {
    for (const drop of dropped) {
      try {
        if (this.options.onDrop) this.options.onDrop(drop);
        else
          this.options.onError?.(
            new TypewireError(drop.code, `queue ${drop.queue} dropped message ${drop.id} (${drop.reason}): ${drop.message}`, { details: drop }),
            'drop',
          );
      } catch {
        // The message is gone either way; a throwing callback changes nothing.
      }
    }
  }

  private checkQueue(operation: string, queue: QueueDescriptor<unknown>): void {
    if (this.checked.has(queue)) return;
    checkDescriptor(operation, queue);
    this.checked.add(queue);
  }

  private startCleanup(): void {
    if (this.cleanupTimer || this.dedupWindowMs === 0) return;
    this.cleanupTimer = setInterval(() => {
      this.cleanupDedup().catch((error: unknown) => this.report(error, 'dedup cleanup'));
    }, this.cleanupIntervalMs);
    // Housekeeping alone must not keep a process alive.
    this.cleanupTimer.unref?.();
  }
}

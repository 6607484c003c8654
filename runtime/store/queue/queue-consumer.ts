/**
 * A consumer of one durable queue: leases messages in batches, runs the
 * handler on up to `concurrency` of them, acks what resolves and nacks what
 * throws (the store decides between a retry and the dead-letter queue).
 *
 * It sleeps between messages: a NOTIFY on commit wakes it, and a timer set
 * to the next moment a row becomes visible (a delay, a backoff, a lease
 * running out), capped at `pollMs`, covers what no notification announces.
 * Database errors are reported and retried with backoff; nothing it does can
 * reject unobserved.
 */
import { randomUUID } from 'node:crypto';
import type { QueueDescriptor } from '../../descriptors.js';
import type { Envelope } from '../../envelope.js';
import { TypewireError } from '../../errors/typewire-error.js';
import { createBackoff, type Backoff } from '../../net/backoff.js';
import { toPersistenceError } from '../database-errors.js';
import type { SqlDatabase } from '../sql-database.js';
import { leaseLost } from './ack-statement.js';
import { QUEUE_CHANNEL } from './depth-counters.js';
import type { QueueProbe } from './lease-statements.js';
import { readQueueEnvelope } from './queue-frame.js';
import type { DeliveryHandler, LeasedMessage, NackOptions, QueueConsumerHandle } from './queue-types.js';
import { deadLetterHeaders } from '../../dead-letter-headers.js';

/** What a consumer needs from the store; QueueStore provides it. */
export interface ConsumerPort {
  readonly db: SqlDatabase;
  lease(queue: QueueDescriptor<unknown>, max: number, leaseMs: number, owner: string): Promise<{ readonly messages: LeasedMessage[]; readonly leased: number }>;
  probe(queue: QueueDescriptor<unknown>): Promise<QueueProbe>;
  expire(queue: QueueDescriptor<unknown>): Promise<number>;
  ack(message: LeasedMessage): Promise<void>;
  nack(queue: QueueDescriptor<unknown>, message: LeasedMessage, options: NackOptions): Promise<unknown>;
  reject(queue: QueueDescriptor<unknown>, message: LeasedMessage, options: { readonly error?: unknown }): Promise<void>;
  extendLeases(messages: ReadonlyArray<LeasedMessage>, leaseMs: number): Promise<LeasedMessage[]>;
  releaseLeases(messages: ReadonlyArray<LeasedMessage>): Promise<number>;
  report(error: unknown, context: string): void;
}

export interface ConsumerSettings {
  readonly concurrency: number;
  readonly prefetch: number;
  readonly leaseMs: number;
  readonly pollMs: number;
}

export class QueueConsumer<T> implements QueueConsumerHandle {
  private readonly owner = `consumer-${randomUUID()}`;
  private readonly buffer: LeasedMessage[] = [];
  /**
   * Every message started and not yet settled (its handler running, or its
   * ack or nack not yet committed): what close() waits for, what renewals
   * keep leased, and what counts against `concurrency + prefetch`.
   */
  private readonly running = new Map<LeasedMessage, Promise<void>>();
  /**
   * Handlers running now, bounded by `concurrency`. A handler's slot is free
   * once it returns, while its ack is still being committed: acks then
   * gather into group-commit flushes as large as the capacity allows, instead
   * of one flush per `concurrency` messages.
   */
  private handling = 0;
  private readonly lost = new WeakSet<LeasedMessage>();
  private readonly backoff: Backoff;
  private fetching: Promise<void> | undefined;
  private again = false;
  /** Whether deliverable messages may be waiting; cleared by a fetch that came back short. */
  private more = true;
  /** Counts wake-up signals, so a fetch that raced one does not clear `more`. */
  private signals = 0;
  private failures = 0;
  private lastProbeAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private renewing = false;
  private listening: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly port: ConsumerPort,
    private readonly queue: QueueDescriptor<T>,
    private readonly handler: DeliveryHandler<T>,
    private readonly settings: ConsumerSettings,
    private readonly onClosed: () => void,
  ) {
    this.backoff = createBackoff({ initialMs: 100, maxMs: Math.max(100, settings.pollMs) });
  }

  start(): void {
    this.listening = this.port.db
      .listen(QUEUE_CHANNEL, (payload) => {
        // '' is a listener that reconnected: anything may have been missed.
        if (payload === this.queue.name || payload === '') this.signal();
      })
      .then(async (unlisten) => {
        if (this.closed) return unlisten();
        this.unlisten = unlisten;
        // A commit notified before LISTEN took effect was not heard: look once more now.
        this.signal();
      })
      .catch((error: unknown) => this.port.report(error, `queue ${this.queue.name}: listen (polling every ${this.settings.pollMs} ms instead)`));
    this.signal();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.listening;
    await this.unlisten?.().catch((error: unknown) => this.port.report(error, `queue ${this.queue.name}: unlisten`));
    await this.fetching;
    await this.giveBack(this.buffer.splice(0));
    await Promise.all(this.running.values());
    clearInterval(this.renewTimer);
    this.onClosed();
  }

  private signal(): void {
    this.signals++;
    this.more = true;
    this.wake();
  }

  private wake(): void {
    if (this.closed) return;
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.again = false;
    this.fetching = this.fetch().then(() => {
      this.fetching = undefined;
      if (this.again) this.wake();
    });
  }

  private get room(): number {
    return this.settings.concurrency + this.settings.prefetch - this.running.size - this.buffer.length;
  }

  /**
   * Whether to lease more now: once half the capacity is free, or when a
   * handler slot is idle with nothing to start and no ack pending. Refilling
   * after every message would lease one or two at a time, a query per
   * message; and while acks are pending, waiting for them (one group commit)
   * makes the next lease large.
   */
  private get worthRefilling(): boolean {
    if (this.room * 2 >= this.settings.concurrency + this.settings.prefetch) return true;
    const settling = this.running.size - this.handling;
    return this.buffer.length === 0 && this.handling < this.settings.concurrency && settling === 0;
  }

  /** One lease round; never rejects. */
  private async fetch(): Promise<void> {
    const room = this.room;
    // `more` stays set: a finished handler comes back here once a refill is worth it.
    if (room <= 0 || !this.more || !this.worthRefilling) return;
    const signals = this.signals;
    let batch: { messages: LeasedMessage[]; leased: number };
    try {
      batch = await this.port.lease(this.queue as QueueDescriptor<unknown>, room, this.settings.leaseMs, this.owner);
      this.failures = 0;
    } catch (error) {
      this.port.report(error, `queue ${this.queue.name}: fetch`);
      this.schedule(this.backoff(this.failures++));
      return;
    }
    if (this.closed) {
      await this.giveBack(batch.messages);
      return;
    }
    this.buffer.push(...batch.messages);
    this.startHandlers();
    const short = batch.leased < room;
    if (short && signals === this.signals) this.more = false;
    // A full batch that still left room (some went straight to the dead-letter queue,
    // or handlers finished meanwhile): look again (fetch waits until that is worth a query).
    if (!short && this.room > 0) this.again = true;
    if (short || Date.now() - this.lastProbeAt >= this.settings.pollMs) await this.probe(short);
  }

  /** Sweeps expired messages when due and, when idle, sets the timer to the next visible row. */
  private async probe(idle: boolean): Promise<void> {
    this.lastProbeAt = Date.now();
    try {
      const probe = await this.port.probe(this.queue as QueueDescriptor<unknown>);
      if (probe.expired) await this.port.expire(this.queue as QueueDescriptor<unknown>);
      if (idle) this.schedule(Math.min(this.settings.pollMs, probe.nextInMs ?? Infinity));
    } catch (error) {
      this.port.report(error, `queue ${this.queue.name}: probe`);
      this.schedule(this.backoff(this.failures++));
    }
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    const at = Date.now() + Math.max(0, ms);
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.signal();
      },
      Math.max(0, ms),
    );
  }

  private startHandlers(): void {
    while (!this.closed && this.handling < this.settings.concurrency && this.buffer.length > 0) {
      const message = this.buffer.shift()!;
      this.handling++;
      let slotFree = false;
      const freeSlot = (): void => {
        if (slotFree) return;
        slotFree = true;
        this.handling--;
        this.startHandlers();
      };
      const run = this.process(message, freeSlot).finally(() => {
        this.running.delete(message);
        freeSlot();
        if (this.more && this.worthRefilling) this.wake();
      });
      this.running.set(message, run);
    }
    if (this.running.size > 0) this.renewTimer ??= setInterval(() => void this.renew(), Math.max(10, this.settings.leaseMs / 3));
  }

  /** Runs the handler and settles the message; `handled` is called when the handler is done (before the settle commits). Never rejects. */
  private async process(message: LeasedMessage, handled: () => void): Promise<void> {
    try {
      let envelope: Envelope<T>;
      try {
        envelope = readQueueEnvelope(message.frame, this.queue.message);
        if (message.deadLetter) {
          const { origin, reason } = message.deadLetter;
          envelope.headers = deadLetterHeaders(envelope.headers, { reason: reason.reason, attempts: reason.attempts, origin, error: reason });
        }
      } catch (error) {
        // Unreadable now means unreadable on every retry: straight to the dead-letter queue.
        await this.port.reject(this.queue as QueueDescriptor<unknown>, message, { error });
        return;
      }
      try {
        await this.handler(envelope, { queue: message.queue, id: message.id, attempt: message.attempt });
      } catch (error) {
        handled();
        await this.port.nack(this.queue as QueueDescriptor<unknown>, message, { error });
        // The retry becomes visible later than any timer set so far knows: look again (and set the timer).
        this.signal();
        return;
      }
      handled();
      await this.port.ack(message);
    } catch (error) {
      // The lease runs out and the message comes back: at least once, never lost.
      const known = error instanceof TypewireError && error.code === 'PERSISTENCE_LEASE_LOST' && this.lost.has(message);
      if (!known) this.port.report(error, `queue ${this.queue.name}: settle message ${message.id}`);
    }
  }

  /** Keeps the leases of running and prefetched messages from running out. */
  private async renew(): Promise<void> {
    if (this.renewing) return;
    const held = [...this.running.keys(), ...this.buffer];
    if (held.length === 0) {
      clearInterval(this.renewTimer);
      this.renewTimer = undefined;
      return;
    }
    this.renewing = true;
    try {
      const lost = await this.port.extendLeases(held, this.settings.leaseMs);
      for (const message of lost) {
        this.lost.add(message);
        const unstarted = this.buffer.indexOf(message);
        if (unstarted >= 0) this.buffer.splice(unstarted, 1);
        this.port.report(leaseLost('renew', message), `queue ${this.queue.name}: renew`);
      }
    } catch (error) {
      this.port.report(toPersistenceError(error, 'renew'), `queue ${this.queue.name}: renew`);
    } finally {
      this.renewing = false;
    }
  }

  private async giveBack(messages: ReadonlyArray<LeasedMessage>): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.port.releaseLeases(messages);
    } catch (error) {
      this.port.report(error, `queue ${this.queue.name}: release (the leases will run out instead)`);
    }
  }
}

/**
 * The data the durable queue store takes in and hands out. Times are
 * milliseconds since the epoch; every duration is in milliseconds.
 */
import type { CodecName } from '../../codec/codec.js';
import type { Envelope } from '../../envelope.js';
import type { TypewireError } from '../../errors/typewire-error.js';

/** What `enqueue` resolves to, after the transaction that stored the message committed. */
export interface EnqueueAck {
  /** True when the id was already seen within the deduplication window (or is still queued): stored once. */
  readonly duplicate: boolean;
}

/** One message's fate in `enqueueBatch`: the others of the batch land even when one is refused. */
export type EnqueueOutcome = ({ readonly ok: true } & EnqueueAck) | { readonly ok: false; readonly error: TypewireError };

export interface EnqueueOptions {
  /** Delivered no earlier than this many ms after the commit. Default 0. */
  readonly delayMs?: number;
}

/** Why a message left its queue without being acknowledged. */
export type DeadLetterCause = 'max-retries' | 'expired' | 'rejected';

/** The `last_error` JSON of a dead letter. */
export interface DeadLetterReason {
  readonly reason: DeadLetterCause;
  /** The error code of the last failure (e.g. the handler's, or PERSISTENCE_MESSAGE_EXPIRED). */
  readonly code: string;
  readonly message: string;
  /** Deliveries made before it died. */
  readonly attempts: number;
  /** When the message entered its origin queue (a replay counts as a new entry). */
  readonly firstEnqueuedAt: number;
  readonly failedAt: number;
}

/** A message that left its queue with nowhere to go: no dead-letter queue, or dropped by the overflow policy. */
export interface DroppedMessage {
  readonly queue: string;
  readonly id: string;
  readonly reason: DeadLetterCause | 'overflow';
  readonly code: string;
  readonly message: string;
  readonly attempts: number;
}

/**
 * A message leased to one consumer. `attempt` and `owner` are the lease
 * token: ack, nack, reject and renewals name them, and are refused with
 * PERSISTENCE_LEASE_LOST once another delivery took the row.
 */
export interface LeasedMessage {
  readonly queue: string;
  readonly id: string;
  /** 1 on the first delivery. */
  readonly attempt: number;
  readonly owner: string;
  readonly priority: number;
  readonly enqueuedAt: number;
  /** The stored envelope frame (runtime/codec/envelope-frame.ts); `readQueueEnvelope` decodes it. */
  readonly frame: Uint8Array;
  /** Set when this is a dead letter: the queue it died in and why. */
  readonly deadLetter?: { readonly origin: string; readonly reason: DeadLetterReason };
}

export interface DequeueOptions {
  /** At most this many messages (1..1000). Default 1. */
  readonly max?: number;
  /** Lease length. Default 30 s. */
  readonly leaseMs?: number;
  /** Lease owner; a fresh random one when absent. */
  readonly owner?: string;
}

export interface NackOptions {
  /** Why it failed; recorded in `last_error` and in the dead letter. */
  readonly error?: unknown;
  /** Visible again after this many ms; 0 requeues at once. Default: the queue's backoff for this attempt. */
  readonly delayMs?: number;
}

/** What became of a nacked message. */
export type NackOutcome = 'retried' | 'dead-lettered' | 'dropped';

/** What a consumer's handler receives besides the envelope. */
export interface DeliveryContext {
  readonly queue: string;
  readonly id: string;
  /** 1 on the first delivery. */
  readonly attempt: number;
}

export type DeliveryHandler<T> = (envelope: Envelope<T>, context: DeliveryContext) => void | Promise<void>;

export interface ConsumeOptions {
  /** Handlers running at once. Default 1. */
  readonly concurrency?: number;
  /** Messages leased ahead of a free handler slot. Default: `concurrency`. */
  readonly prefetch?: number;
  /** Lease length; renewed every third of it while a handler runs. Default 30 s. */
  readonly leaseMs?: number;
  /** Fallback poll when no notification arrives. Default 5 s. */
  readonly pollMs?: number;
}

export interface QueueConsumerHandle {
  /** Stops fetching, releases leased-but-unstarted messages, waits for running handlers and their acks. */
  close(): Promise<void>;
}

export interface QueueStats {
  readonly queue: string;
  /** Stored rows: waiting plus in flight (what max length counts). */
  readonly depth: number;
  /** Waiting: `ready + delayed`. */
  readonly pending: number;
  /** Deliverable now (including rows whose lease ran out). */
  readonly ready: number;
  /** Waiting for a delay or a retry backoff. */
  readonly delayed: number;
  /** Leased to a consumer whose lease has not run out. */
  readonly inFlight: number;
  /** Age of the oldest stored message; null when the queue is empty. */
  readonly oldestAgeMs: number | null;
  /** Dead letters in any dead-letter queue whose origin is this queue. */
  readonly deadLetters: number;
}

export interface DeadLetter {
  /** The dead-letter queue holding it. */
  readonly queue: string;
  /** The queue it died in. */
  readonly origin: string;
  readonly id: string;
  readonly reason: DeadLetterReason;
  /** The envelope with its payload still encoded. */
  readonly envelope: Envelope<Uint8Array>;
  readonly codec: CodecName;
  /** When it entered the dead-letter queue. */
  readonly deadAt: number;
}

export interface DeadLetterPageOptions {
  /** At most this many (1..1000). Default 100. */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
  /** Only letters from this origin queue. */
  readonly origin?: string;
}

export interface DeadLetterPage {
  readonly letters: ReadonlyArray<DeadLetter>;
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

export interface ReplayOptions {
  /** Only these message ids. Default: every letter. */
  readonly ids?: ReadonlyArray<string>;
  /** Only letters from this origin queue. */
  readonly origin?: string;
}

export interface ReplayResult {
  /** Letters moved back to their origin queue. */
  readonly replayed: number;
  /** Letters left in place: their id is queued in the origin again, or a dead-letter consumer holds them. */
  readonly skipped: number;
}

/** One group-commit transaction, as the `onFlush` hook sees it. */
export interface FlushInfo {
  readonly kind: 'enqueue' | 'ack';
  /** Requests coalesced into this transaction. */
  readonly size: number;
}

export interface QueueStoreOptions {
  /** A repeated id within this window is acknowledged as a duplicate. Default 5 min; 0 keeps no ids. */
  readonly dedupWindowMs?: number;
  /** How often ids older than the window are deleted. Default 60 s. */
  readonly dedupCleanupIntervalMs?: number;
  /** Most requests in one group-commit transaction. Default 500. */
  readonly maxBatch?: number;
  /** Group-commit transactions in flight at once. Default 1 on PGlite (one connection), 2 on PostgreSQL. */
  readonly maxFlushesInFlight?: number;
  /** Upper bound of a retry backoff. Default 15 min. */
  readonly maxRetryDelayMs?: number;
  /** Validate payloads against the queue's schema before storing (skipped when already validated). Default true. */
  readonly validate?: boolean;
  /** Errors nobody awaits: a consumer's failed fetch, ack or renewal, a failed cleanup. Never thrown. */
  readonly onError?: (error: TypewireError, context: string) => void;
  /** A message dropped without a dead-letter queue, or by the drop-oldest policy. */
  readonly onDrop?: (dropped: DroppedMessage) => void;
  /** Sees each group-commit transaction after it committed (tests, metrics). */
  readonly onFlush?: (flush: FlushInfo) => void;
  /** Randomness of the retry jitter. Default Math.random. */
  readonly random?: () => number;
}

/**
 * The public surface of event logs: what `createEventLog` returns.
 */
import type { Envelope } from '../../envelope.js';
import type { TypewireError } from '../../errors/typewire-error.js';
import type { AppendOptions } from './log-codec.js';
import type { AppendBatchInfo, LogBounds, LogHandler, LogReadOptions, LogReadResult, LogStartPosition, LogSubscribeOptions, LogSubscription, RetentionPolicy, RetentionResult } from './log-types.js';

export interface EventLogOptions {
  /** Called as each group-commit transaction starts: how many appends it coalesced. */
  readonly onBatch?: (info: AppendBatchInfo) => void;
  /** Errors with no caller to go to (scheduled retention, LISTEN, subscriptions without their own). Default: console.error. */
  readonly onError?: (error: TypewireError) => void;
}

/** Counters since the log was created. */
export interface EventLogStats {
  /** Group-commit transactions started. */
  readonly batches: number;
  /** `append` calls that reached a transaction. */
  readonly appends: number;
  /** Entries written. */
  readonly entries: number;
}

export interface EventLog {
  /**
   * Appends to `topic`'s log; resolves with the offset(s) once committed.
   * Appends issued while a transaction is in flight are committed together
   * in the next one (group commit). Throws VALIDATION_BAD_TOPIC,
   * VALIDATION_FAILED (with a descriptor), SERIALIZATION_ENCODE_FAILED before
   * anything is written; PERSISTENCE_UNAVAILABLE (retryable) when the
   * database cannot be reached.
   */
  append<T>(topic: string, envelope: Envelope<T>, options?: AppendOptions<T>): Promise<number>;
  append<T>(topic: string, envelopes: ReadonlyArray<Envelope<T>>, options?: AppendOptions<T>): Promise<number[]>;
  /** Entries in offset order. Below the retained start: from the start, with `gap` set. */
  read(topic: string, options?: LogReadOptions): Promise<LogReadResult>;
  /** The retained range `[startOffset, endOffset)`. */
  bounds(topic: string): Promise<LogBounds>;
  /** Saves `offset` (the next offset to read) for `group`; VALIDATION_BAD_ARGUMENT past the topic's end. */
  commitOffset(group: string, topic: string, offset: number): Promise<void>;
  /** The group's saved offset, or undefined when it has none. */
  loadOffset(group: string, topic: string): Promise<number | undefined>;
  /**
   * Reads `topic` as `group`, from the group's saved offset (or
   * `options.fromOffset` when it has none), saving progress after each batch.
   * One subscription per group and topic per EventLog.
   */
  subscribe(group: string, topic: string, handler: LogHandler, options?: LogSubscribeOptions): Promise<LogSubscription>;
  /** Moves `group` to `fromOffset` (a running subscription here follows at its next entry); resolves with the offset set. */
  replay(group: string, topic: string, fromOffset: LogStartPosition): Promise<number>;
  /** Deletes the oldest entries beyond the policy's limits now. */
  applyRetention(topic: string, policy: RetentionPolicy): Promise<RetentionResult>;
  /** Applies `policy` to `topics` every `intervalMs` (an unref'd timer) until the returned function is called or the log closes. */
  scheduleRetention(topics: string | ReadonlyArray<string>, policy: RetentionPolicy, options: { readonly intervalMs: number }): () => void;
  stats(): EventLogStats;
  /** Stops subscriptions and timers and waits for queued appends. The database stays open. */
  close(): Promise<void>;
}

/**
 * The data an event log hands out and takes in. Offsets are plain numbers:
 * they count entries of one topic, and 2^53 of them is out of reach.
 */
import type { CodecName } from '../../codec/codec.js';
import type { Envelope } from '../../envelope.js';
import type { TypewireError } from '../../errors/typewire-error.js';

/** One entry of a topic's log, as read back. */
export interface LogEntry {
  readonly topic: string;
  /** Always 0: one partition per topic. */
  readonly partition: number;
  /** Position in the topic's log: 0, 1, 2, … without holes (retention only removes a prefix). */
  readonly offset: number;
  /** The envelope with its payload still encoded; decode it with `readLogPayload`. */
  readonly envelope: Envelope<Uint8Array>;
  /** The codec the payload was encoded with. */
  readonly codec: CodecName;
  /** When the entry was committed to the log, milliseconds since the epoch. */
  readonly appendedAt: number;
  /** Bytes the stored frame takes (what `maxBytes` retention counts). */
  readonly size: number;
}

/**
 * A reader asked for offsets that retention already deleted. It is given the
 * earliest retained entry instead, and told so with this value.
 */
export interface LogGap {
  readonly topic: string;
  /** The offset the reader asked for. */
  readonly requestedOffset: number;
  /** The first offset still in the log; entries `requestedOffset .. earliestOffset - 1` are gone. */
  readonly earliestOffset: number;
  /** How many entries were skipped: `earliestOffset - requestedOffset`. */
  readonly missed: number;
}

export interface LogReadOptions {
  /** The first offset to return. Default: the earliest retained offset. */
  readonly fromOffset?: number;
  /** At most this many entries (1 .. 10,000). Default 100. */
  readonly limit?: number;
}

export interface LogReadResult {
  /** Entries in offset order, consecutive offsets. */
  readonly entries: ReadonlyArray<LogEntry>;
  /** The offset to read from next: the last entry's offset + 1, or where the read started when it returned nothing. */
  readonly nextOffset: number;
  /** Set when `fromOffset` was below the earliest retained offset. */
  readonly gap?: LogGap;
}

/** A topic's bounds: `[startOffset, endOffset)` are the retained entries. */
export interface LogBounds {
  /** The earliest retained offset. */
  readonly startOffset: number;
  /** The offset the next append will get. */
  readonly endOffset: number;
}

/** Where a subscription starts when its group has no saved offset. */
export type LogStartPosition = number | 'earliest' | 'latest';

/** What a subscription handler receives with each entry. */
export type LogHandler = (entry: LogEntry) => void | Promise<void>;

export interface LogSubscribeOptions {
  /**
   * Used only when the group has no saved offset for the topic (a group
   * that has one always resumes from it; use `replay` to move it).
   * Default `'earliest'`.
   */
  readonly fromOffset?: LogStartPosition;
  /** Entries read per round trip; the offset is saved after each batch. Default 100. */
  readonly batchSize?: number;
  /** The slow poll that covers a missed notification, in ms. Default 2,000. */
  readonly pollIntervalMs?: number;
  /** Wait before retrying after a handler or database failure, in ms. Default 1,000. */
  readonly retryDelayMs?: number;
  /**
   * A group reads a topic through one subscription at a time, across
   * processes: the one holding the group's lease, which it renews between
   * entries every third of this. So one entry's handler should take less
   * than two thirds of it: a subscription stuck longer (or a process that
   * died) loses the group to a standby, which takes over from the saved
   * offset. Others of the group stand by, trying again when the lease would
   * run out, at most `pollIntervalMs` apart; a closing holder releases it at
   * once. Default 15,000.
   */
  readonly leaseMs?: number;
  /** Called when retention deleted entries before the group read them. Default: `onError` with PERSISTENCE_LOG_GAP. */
  readonly onGap?: (gap: LogGap) => void;
  /** Handler failures (the entry is retried) and database failures. Default: `console.error`. */
  readonly onError?: (error: TypewireError) => void;
}

/** A running consumer-group reader. */
export interface LogSubscription {
  readonly group: string;
  readonly topic: string;
  /** The next offset this subscription will deliver. */
  readonly position: number;
  /** True while this subscription holds the group's lease and reads; false on standby. */
  readonly active: boolean;
  /** Stops reading, waits for the handler in flight, and saves the position. */
  close(): Promise<void>;
}

/** Retention limits; an entry goes when any one of them says so. Only a prefix of the log is ever deleted. */
export interface RetentionPolicy {
  /** Delete entries appended longer ago than this. */
  readonly maxAgeMs?: number;
  /** Keep the newest entries whose sizes add up to at most this many bytes. */
  readonly maxBytes?: number;
  /** Keep at most this many newest entries. */
  readonly maxEntries?: number;
}

export interface RetentionResult {
  readonly topic: string;
  /** Entries deleted by this run. */
  readonly deleted: number;
  /** The earliest retained offset after this run. */
  readonly startOffset: number;
}

/** One group-commit transaction, as reported to `EventLogOptions.onBatch`. */
export interface AppendBatchInfo {
  /** `append` calls coalesced into this transaction. */
  readonly appends: number;
  /** Entries written. */
  readonly entries: number;
  /** Distinct topics touched. */
  readonly topics: number;
}

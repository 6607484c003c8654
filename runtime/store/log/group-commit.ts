/**
 * Group commit for appends. Appends to a partition are serialized by its row
 * lock, so one transaction per append would cap a topic at one append per
 * round trip. Instead, appends that arrive while a transaction is in flight
 * wait for it and then go together, in one transaction: under load, batches
 * grow by themselves; alone, an append still costs one transaction.
 *
 * One transaction is in flight per appender. Within it, topics are locked in
 * sorted order, so two processes appending to the same topics cannot deadlock.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlDatabase } from '../sql-database.js';
import { appendFrames } from './append-sql.js';
import type { AppendBatchInfo } from './log-types.js';

interface PendingAppend {
  readonly topic: string;
  readonly frames: ReadonlyArray<Uint8Array>;
  resolve(first: number): void;
  reject(error: unknown): void;
}

export interface GroupCommitHooks {
  /** Called as a batch is taken, before its transaction starts. */
  readonly onBatch?: (info: AppendBatchInfo) => void;
  /** Called after a batch committed, with the topics it wrote. */
  readonly onCommitted?: (topics: ReadonlyArray<string>) => void;
}

export class GroupCommitAppender {
  private pending: PendingAppend[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly db: SqlDatabase,
    private readonly hooks: GroupCommitHooks = {},
  ) {}

  /** Queues `frames` (non-empty) for `topic`; resolves with their first offset after the commit. */
  append(topic: string, frames: ReadonlyArray<Uint8Array>): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ topic, frames, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves once every append queued so far has committed or failed. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    // Let the current tick finish, so appends issued together start together.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.commitBatch(batch);
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async commitBatch(batch: ReadonlyArray<PendingAppend>): Promise<void> {
    const byTopic = new Map<string, PendingAppend[]>();
    let entries = 0;
    for (const item of batch) {
      let list = byTopic.get(item.topic);
      if (!list) byTopic.set(item.topic, (list = []));
      list.push(item);
      entries += item.frames.length;
    }
    this.hooks.onBatch?.({ appends: batch.length, entries, topics: byTopic.size });
    const topics = [...byTopic.keys()].sort();
    let firsts: Map<PendingAppend, number>;
    try {
      firsts = await this.db.transaction(async (tx) => {
        const result = new Map<PendingAppend, number>();
        for (const topic of topics) {
          const items = byTopic.get(topic)!;
          let next = await appendFrames(tx, topic, items.flatMap((item) => item.frames));
          for (const item of items) {
            result.set(item, next);
            next += item.frames.length;
          }
        }
        return result;
      });
    } catch (error) {
      await this.recover(batch, error);
      return;
    }
    for (const item of batch) item.resolve(firsts.get(item)!);
    this.hooks.onCommitted?.(topics);
  }

  /**
   * A batch failed. Losing the connection fails every append in it (each
   * caller may retry). A statement the database refused may be one append's
   * fault (an oversized entry), so each is then tried alone and only the
   * guilty one fails.
   */
  private async recover(batch: ReadonlyArray<PendingAppend>, error: unknown): Promise<void> {
    const retryAlone = batch.length > 1 && error instanceof TypewireError && error.code === 'PERSISTENCE_FAILED';
    if (!retryAlone) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) await this.commitBatch([item]);
  }
}

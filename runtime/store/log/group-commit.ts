/**
 * Group commit for appends. Appends to a partition are serialized by its row
 * lock, so one transaction per append would cap a topic at one append per
 * round trip. Instead, appends that arrive while a transaction is in flight
 * wait for it and then go together, in one transaction (the store's shared
 * GroupCommit, one transaction in flight): under load, batches grow by
 * themselves; alone, an append still costs one transaction.
 *
 * Within a transaction, topics are locked in sorted order, so two processes
 * appending to the same topics cannot deadlock.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import { GroupCommit, type ItemResult } from '../group-commit.js';
import type { SqlDatabase } from '../sql-database.js';
import { appendFrames } from './append-sql.js';
import type { AppendBatchInfo } from './log-types.js';

interface PendingAppend {
  readonly topic: string;
  readonly frames: ReadonlyArray<Uint8Array>;
}

export interface GroupCommitHooks {
  /** Called as a batch is taken, before its transaction starts. */
  readonly onBatch?: (info: AppendBatchInfo) => void;
  /** Called after a batch committed, with the topics it wrote. */
  readonly onCommitted?: (topics: ReadonlyArray<string>) => void;
}

export class GroupCommitAppender {
  private readonly group: GroupCommit<PendingAppend, number>;

  constructor(
    private readonly db: SqlDatabase,
    private readonly hooks: GroupCommitHooks = {},
  ) {
    this.group = new GroupCommit((batch) => this.commitOrRecover(batch), { maxBatch: Number.MAX_SAFE_INTEGER, maxInFlight: 1 });
  }

  /** Queues `frames` (non-empty) for `topic`; resolves with their first offset after the commit. */
  append(topic: string, frames: ReadonlyArray<Uint8Array>): Promise<number> {
    return this.group.submit({ topic, frames });
  }

  /** Resolves once every append queued so far has committed or failed. */
  idle(): Promise<void> {
    return this.group.drain();
  }

  /**
   * Commits the batch. If the database refused a statement, that may be one
   * append's fault (an oversized entry), so each append is then tried alone
   * and only the guilty one fails. Losing the connection fails the whole
   * batch (each caller may retry).
   */
  private async commitOrRecover(batch: ReadonlyArray<PendingAppend>): Promise<ReadonlyArray<ItemResult<number>>> {
    try {
      return await this.commitBatch(batch);
    } catch (error) {
      const retryAlone = batch.length > 1 && error instanceof TypewireError && error.code === 'PERSISTENCE_FAILED';
      if (!retryAlone) throw error;
      const results: Array<ItemResult<number>> = [];
      for (const item of batch) {
        try {
          results.push((await this.commitBatch([item]))[0]!);
        } catch (alone) {
          results.push({ ok: false, error: TypewireError.from(alone) });
        }
      }
      return results;
    }
  }

  private async commitBatch(batch: ReadonlyArray<PendingAppend>): Promise<ReadonlyArray<ItemResult<number>>> {
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
    const firsts = await this.db.transaction(async (tx) => {
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
    this.hooks.onCommitted?.(topics);
    return batch.map((item) => ({ ok: true, value: firsts.get(item)! }));
  }
}

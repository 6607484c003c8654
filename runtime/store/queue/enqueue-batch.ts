/**
 * One group-commit flush of enqueues, for any number of queues. Per queue, in
 * name order: an id repeated within the batch is a duplicate of its first
 * occurrence; the rest go in one autocommit statement (enqueue-statement.ts)
 * or, when that cannot take them, in a transaction that applies the overflow
 * policy (enqueue-transaction.ts). Each queue's share commits on its own, so
 * a failure there fails only its own requests.
 */
import type { QueueDescriptor } from '../../descriptors.js';
import { toPersistenceError } from '../database-errors.js';
import type { ItemResult } from '../group-commit.js';
import type { SqlDatabase } from '../sql-database.js';
import type { EnqueueRequest } from './enqueue-request.js';
import { storeInOneStatement } from './enqueue-statement.js';
import { DUPLICATE, enqueueTransaction, STORED } from './enqueue-transaction.js';
import type { DroppedMessage, EnqueueAck } from './queue-types.js';

export interface EnqueueBatchResult {
  readonly results: ReadonlyArray<ItemResult<EnqueueAck>>;
  /** Messages the drop-oldest policy removed, to report (they are committed). */
  readonly dropped: ReadonlyArray<DroppedMessage>;
}

export class EnqueueBatches {
  /**
   * Queues whose last batch did not fit under their max length: while one
   * stays full, its batches go straight to the general path instead of
   * trying the statement first and rolling it back every time.
   */
  private readonly crowded = new Set<string>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly dedupWindowMs: number,
  ) {}

  async commit(requests: ReadonlyArray<EnqueueRequest>): Promise<EnqueueBatchResult> {
    const results: Array<ItemResult<EnqueueAck>> = new Array(requests.length);
    const dropped: DroppedMessage[] = [];
    const byQueue = new Map<string, number[]>();
    requests.forEach((request, i) => {
      const list = byQueue.get(request.queue.name);
      if (list) list.push(i);
      else byQueue.set(request.queue.name, [i]);
    });
    for (const name of [...byQueue.keys()].sort()) {
      const candidates = firstOccurrences(requests, byQueue.get(name)!, results);
      try {
        dropped.push(...(await this.commitQueue(requests[candidates[0]!]!.queue, requests, candidates, results)));
      } catch (error) {
        const failure: ItemResult<EnqueueAck> = { ok: false, error: toPersistenceError(error, 'enqueue') };
        for (const i of candidates) results[i] = failure;
      }
    }
    return { results, dropped };
  }

  private async commitQueue(
    queue: QueueDescriptor<unknown>,
    requests: ReadonlyArray<EnqueueRequest>,
    candidates: ReadonlyArray<number>,
    results: Array<ItemResult<EnqueueAck>>,
  ): Promise<ReadonlyArray<DroppedMessage>> {
    if (!this.crowded.has(queue.name)) {
      const stored = await storeInOneStatement(
        this.db,
        queue,
        candidates.map((i) => requests[i]!),
        this.dedupWindowMs,
      );
      if (stored !== undefined) {
        for (const i of candidates) results[i] = stored.has(requests[i]!.id) ? STORED : DUPLICATE;
        return [];
      }
    }
    const { dropped, fitted } = await this.db.transaction((tx) => enqueueTransaction(tx, queue, requests, candidates, this.dedupWindowMs, results));
    if (fitted) this.crowded.delete(queue.name);
    else this.crowded.add(queue.name);
    return dropped;
  }
}

/** Marks later repeats of an id as duplicates; returns the indices of first occurrences. */
function firstOccurrences(requests: ReadonlyArray<EnqueueRequest>, indices: ReadonlyArray<number>, results: Array<ItemResult<EnqueueAck>>): number[] {
  const seen = new Set<string>();
  const first: number[] = [];
  for (const i of indices) {
    const id = requests[i]!.id;
    if (seen.has(id)) results[i] = DUPLICATE;
    else {
      seen.add(id);
      first.push(i);
    }
  }
  return first;
}

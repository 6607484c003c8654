/**
 * Group commit: requests made while a transaction is running wait for it and
 * then go together in the next one, so a thousand producers cost a handful of
 * commits instead of a thousand. At most `maxInFlight` transactions run at
 * once; each request is settled on its own, after its transaction ended.
 */
import type { TypewireError } from '../errors/typewire-error.js';
import { toPersistenceError } from './database-errors.js';

/** The result of one request inside a committed transaction. */
export type ItemResult<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: TypewireError };

export interface GroupCommitOptions {
  /** Most requests in one transaction. */
  readonly maxBatch: number;
  /** Transactions running at once. */
  readonly maxInFlight: number;
  /** Called after each transaction with the number of requests it carried. */
  readonly onFlush?: (size: number) => void;
}

interface Waiter<Item, R> {
  readonly item: Item;
  readonly resolve: (value: R) => void;
  readonly reject: (error: TypewireError) => void;
}

export class GroupCommit<Item, R> {
  private pending: Array<Waiter<Item, R>> = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  /**
   * `commit` runs one transaction for `items` and returns one result per item,
   * in order. When it throws, every request of the batch is rejected with the
   * (persistence) error.
   */
  constructor(
    private readonly commit: (items: ReadonlyArray<Item>) => Promise<ReadonlyArray<ItemResult<R>>>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: Item): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      // A microtask, not a flush right here: requests made in the same tick
      // (a loop of sends, enqueueBatch) share the first transaction too.
      if (!this.scheduled && this.inFlight < this.options.maxInFlight) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Resolves once nothing is pending or running. */
  drain(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.pending.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.flush(batch);
    }
    if (this.pending.length === 0 && this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async flush(batch: ReadonlyArray<Waiter<Item, R>>): Promise<void> {
    try {
      const results = await this.commit(batch.map((w) => w.item));
      batch.forEach((waiter, i) => {
        const result = results[i];
        if (result?.ok) waiter.resolve(result.value);
        else if (result) waiter.reject(result.error);
        else waiter.reject(toPersistenceError(new Error('group commit returned no result for a request'), 'group commit'));
      });
      this.options.onFlush?.(batch.length);
    } catch (error) {
      const failure = toPersistenceError(error, 'group commit');
      for (const waiter of batch) waiter.reject(failure);
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}

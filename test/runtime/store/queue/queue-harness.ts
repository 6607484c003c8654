/**
 * One database per backend for the whole queue store test file: opening
 * PGlite costs seconds, so the suites (*.suite.ts) share it, each test using
 * queues of its own. Stores and consumers a test makes are closed after it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { QueueStore, type QueueConsumerHandle, type QueueStoreOptions } from '../../../../runtime/store/queue/index.js';
import type { SqlDatabase } from '../../../../runtime/store/sql-database.js';
import { openTestDatabase, type Backend, type OpenedDatabase } from '../databases.js';

export interface QueueHarness {
  readonly backend: Backend;
  /** The shared database; calls `skip` when PostgreSQL is unavailable (outside CI, where that fails instead). */
  database(skip: () => void): SqlDatabase;
  /** The PostgreSQL URL of the shared database; undefined on PGlite. */
  url(): string | undefined;
  /** A store on `db`, closed after the test. */
  storeOn(db: SqlDatabase, options?: QueueStoreOptions): QueueStore;
  /** Closes `consumer` after the test (before the stores). */
  track(consumer: QueueConsumerHandle): QueueConsumerHandle;
}

/** Registers the hooks in the calling `describe` and returns the harness its tests use. */
export function useQueueHarness(backend: Backend): QueueHarness {
  let opened: OpenedDatabase | undefined;
  const stores: QueueStore[] = [];
  const consumers: QueueConsumerHandle[] = [];
  beforeAll(async () => {
    opened = await openTestDatabase(backend);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.close()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    backend,
    database(skip) {
      if (!opened) skip();
      return opened!.db;
    },
    url: () => opened?.url,
    storeOn(db, options = {}) {
      const store = new QueueStore(db, options);
      stores.push(store);
      return store;
    },
    track(consumer) {
      consumers.push(consumer);
      return consumer;
    },
  };
}

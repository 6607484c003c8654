/**
 * What the durable queue tests share: one database per backend for the file
 * (PGlite costs seconds to open), emptied of queue rows before each test
 * because the generated orders service names its queues itself; runtimes
 * and stores made by a test, closed after it in that order (a runtime
 * first, then the store it was given).
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { FulfillmentTask } from '../../../generated/index.js';
import { createRuntime } from '../../../runtime/node-runtime.js';
import type { Runtime, RuntimeOptions } from '../../../runtime/runtime.js';
import { QueueStore, type QueueStoreOptions } from '../../../runtime/store/queue/index.js';
import type { SqlDatabase } from '../../../runtime/store/sql-database.js';
import { openTestDatabase, type Backend, type OpenedDatabase } from '../store/databases.js';

export const task = (orderId: string): FulfillmentTask => ({
  orderId,
  items: [{ sku: 'ABC-1234', quantity: 2, unitPriceCents: 9_007_199_254_740_993n }],
});

export interface DurableHarness {
  /** The shared database; calls `skip` when PostgreSQL is unavailable (outside CI). */
  database(skip: () => void): SqlDatabase;
  /** The PostgreSQL URL of the shared database; undefined on PGlite. */
  url(): string | undefined;
  /** A store on `db` (default: the shared one), closed after the test. */
  store(db?: SqlDatabase, options?: QueueStoreOptions): QueueStore;
  /** A Node runtime (metrics and tracing available), closed after the test before the stores. */
  runtime(options?: RuntimeOptions): Runtime;
  /** Runs `cleanup` after the test, after runtimes and stores are closed. */
  later(cleanup: () => Promise<void>): void;
}

export function useDurableHarness(backend: Backend): DurableHarness {
  let opened: OpenedDatabase | undefined;
  const runtimes: Runtime[] = [];
  const stores: QueueStore[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    opened = await openTestDatabase(backend);
  }, 60_000);
  beforeEach(async () => {
    await opened?.db.exec('delete from typewire_queue_messages; delete from typewire_queue_dedup; delete from typewire_queues');
  });
  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    database(skip) {
      if (!opened) skip();
      return opened!.db;
    },
    url: () => opened?.url,
    store(db = opened!.db, options = {}) {
      const store = new QueueStore(db, options);
      stores.push(store);
      return store;
    },
    runtime(options = {}) {
      const runtime = createRuntime({ onError: () => undefined, ...options });
      runtimes.push(runtime);
      return runtime;
    },
    later: (cleanup) => void cleanups.push(cleanup),
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The value of one series in a Prometheus text exposition, or undefined when absent. */
export function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The ids stored in `queue`, by priority then arrival. */
export async function storedIds(db: SqlDatabase, queue: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from typewire_queue_messages where queue = $1 order by priority desc, seq', [queue]);
  return rows.map((row) => row.id);
}

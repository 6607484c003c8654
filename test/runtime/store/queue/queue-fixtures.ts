/**
 * Shared pieces of the queue store tests: queue descriptors with distinct
 * names (one database serves a whole file), task envelopes, and SqlDatabase
 * wrappers that count transactions, hold them open, or fail on demand.
 */
import type { QueueDescriptor } from '../../../../runtime/descriptors.js';
import { createEnvelope, type Envelope } from '../../../../runtime/envelope.js';
import { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import type { SqlDatabase, SqlExecutor, SqlResult } from '../../../../runtime/store/sql-database.js';
import { TaskMessage, type Task } from '../../fixtures/shop.js';

let counter = 0;

/** A task queue with a name no other test of the file uses. */
export function taskQueue(overrides: Partial<QueueDescriptor<Task>> = {}): QueueDescriptor<Task> {
  const name = overrides.name ?? `q${++counter}_${Math.random().toString(36).slice(2, 7)}`;
  return {
    name,
    service: 'shop',
    subject: `queue.${name}`,
    message: TaskMessage,
    durable: true,
    overflow: 'reject',
    maxRetries: 2,
    retryDelayMs: 10,
    priorities: 5,
    producers: [],
    consumers: [],
    ...overrides,
  };
}

/** A queue and its dead-letter queue. */
export function queueWithDeadLetters(overrides: Partial<QueueDescriptor<Task>> = {}): { queue: QueueDescriptor<Task>; dead: QueueDescriptor<Task> } {
  const dead = taskQueue({ maxRetries: 0 });
  return { queue: taskQueue({ deadLetter: dead.name, ...overrides }), dead };
}

export function task(id: string, fields: Partial<Envelope<Task>> = {}): Envelope<Task> {
  return createEnvelope<Task>('queue.tasks', { orderId: id }, { id, ...fields });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true (bounded). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Delegates to a real database, counting queries and transactions (and the
 * most running at once), optionally holding each one open before its commit
 * (a lone statement: before it runs) until `release()`, and failing every
 * call with PERSISTENCE_UNAVAILABLE while `down`.
 */
export class InstrumentedDatabase implements SqlDatabase {
  transactions = 0;
  queries = 0;
  running = 0;
  maxRunning = 0;
  down = false;
  private gate: Promise<void> | undefined;
  private gateStatements = false;
  private open: (() => void) | undefined;

  constructor(private readonly inner: SqlDatabase) {}

  get backend(): SqlDatabase['backend'] {
    return this.inner.backend;
  }

  /**
   * Transactions started from now on wait (before committing) until
   * `release()`; with `statements`, so do lone statements (before running).
   */
  hold(options: { statements?: boolean } = {}): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
    this.gateStatements = options.statements ?? false;
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  /** Transactions and lone statements: each commits on its own. */
  get commits(): number {
    return this.transactions + this.queries;
  }

  async query<Row>(text: string, params?: ReadonlyArray<unknown>): Promise<SqlResult<Row>> {
    this.fail();
    this.queries++;
    const gate = this.gateStatements ? this.gate : undefined;
    if (gate) await gate;
    return this.inner.query<Row>(text, params);
  }

  async exec(sql: string): Promise<void> {
    this.fail();
    return this.inner.exec(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.fail();
    this.transactions++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const gate = this.gate;
    try {
      return await this.inner.transaction(async (tx) => {
        const value = await work(tx);
        if (gate) await gate;
        return value;
      });
    } finally {
      this.running--;
    }
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.inner.listen(channel, onNotify);
  }

  async close(): Promise<void> {
    // The wrapped database belongs to the test file.
  }

  private fail(): void {
    if (this.down) throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'test: the database is down');
  }
}

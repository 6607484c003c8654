/**
 * Dequeue+ack cases: each batch starts with BACKLOG messages waiting (the
 * untimed `prepare` tops the queue up), and ends once `n` messages were
 * taken and acknowledged (deleted, or completed for pg-boss). One worker
 * loop per case, except typewire's consume(), which runs as a user runs it.
 */
import type PgBoss from 'pg-boss';
import type { SqlDatabase } from '../../runtime/store/sql-database.js';
import { QueueStore, type ConsumeOptions, type QueueConsumerHandle } from '../../runtime/store/queue/index.js';
import type { AsyncBenchCase } from '../net/async-suite.js';
import { benchQueue, taskEnvelope, taskJson } from './messages.js';
import { dequeueAndDelete, insertMany, plainDepth, type PlainDatabase } from './plain-sql.js';
import { taskFrame } from './messages.js';

export const BACKLOG = 30_000;
/** Messages per fetch wherever a batch size is chosen: typewire's dequeue, pg-boss's fetch, plain SQL. */
export const BATCH = 100;
/** What the consume() case runs with: a handler that does nothing, so the queue's own cost shows. */
export const CONSUME_OPTIONS: Required<Pick<ConsumeOptions, 'concurrency' | 'prefetch'>> = { concurrency: 16, prefetch: 84 };
const REFILL_CHUNK = 1_000;

/** Adds messages until `depth()` reports `target`. Untimed. */
async function topUp(depth: () => Promise<number>, add: (count: number) => Promise<void>, target = BACKLOG): Promise<void> {
  let missing = target - (await depth());
  while (missing > 0) {
    const count = Math.min(REFILL_CHUNK, missing);
    await add(count);
    missing -= count;
  }
}

async function typewireDepth(db: SqlDatabase, queue: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from typewire_queue_messages where queue = $1', [queue]);
  return Number(rows[0]?.n ?? 0);
}

function typewireRefill(store: () => QueueStore, queueName: string): (n: number) => Promise<void> {
  const queue = benchQueue(queueName);
  return () =>
    topUp(
      () => typewireDepth(store().db, queueName),
      async (count) => {
        const outcomes = await store().enqueueBatch(
          queue,
          Array.from({ length: count }, () => taskEnvelope()),
        );
        const refused = outcomes.find((o) => !o.ok);
        if (refused && !refused.ok) throw refused.error;
      },
    );
}

/** dequeue({ max: BATCH }) then ack each message (the acks share a group-commit transaction). */
export function typewireDequeueCase(name: string, baseline: string | undefined, store: () => QueueStore, queueName: string): AsyncBenchCase {
  const queue = benchQueue(queueName);
  return {
    name,
    ...(baseline === undefined ? {} : { baseline }),
    minBatch: BATCH,
    prepare: typewireRefill(store, queueName),
    async run(n) {
      let done = 0;
      while (done < n) {
        const messages = await store().dequeue(queue, { max: Math.min(BATCH, n - done), owner: 'bench' });
        if (messages.length === 0) throw new Error(`${name}: the backlog ran dry`);
        await Promise.all(messages.map((m) => store().ack(m)));
        done += messages.length;
      }
    },
  };
}

/**
 * A consume() loop as a user runs it (CONSUME_OPTIONS), on a store of its
 * own so its acks can be counted. Between batches the handlers wait at a
 * gate, holding their leases, so the consumer does not drain the queue while
 * other cases are timed; a batch opens the gate for `n` more handler calls
 * and ends when `n` more acks committed.
 */
export class GatedConsumeCase {
  private store: QueueStore | undefined;
  private consumer: QueueConsumerHandle | undefined;
  private target = 0;
  private started = 0;
  private acked = 0;
  private parked: Array<() => void> = [];
  private reached: (() => void) | undefined;
  readonly case: AsyncBenchCase;

  constructor(name: string, baseline: string | undefined, private readonly queueName: string) {
    this.case = {
      name,
      ...(baseline === undefined ? {} : { baseline }),
      minBatch: BATCH,
      prepare: typewireRefill(() => this.open(), queueName),
      run: (n) => this.run(n),
    };
  }

  /** Starts the consumer on `db`; its handlers wait at the gate until the first batch. */
  start(db: SqlDatabase): void {
    this.store = new QueueStore(db, {
      onFlush: (flush) => {
        if (flush.kind !== 'ack') return;
        this.acked += flush.size;
        if (this.acked >= this.target) this.reached?.();
      },
    });
    this.consumer = this.store.consume(benchQueue(this.queueName), () => this.handle(), CONSUME_OPTIONS);
  }

  async close(): Promise<void> {
    this.target = Infinity;
    this.openGate();
    await this.consumer?.close();
    await this.store?.close();
  }

  private open(): QueueStore {
    if (this.store === undefined) throw new Error('queue bench: the consume case was not started');
    return this.store;
  }

  private async handle(): Promise<void> {
    while (this.started >= this.target) await new Promise<void>((resolve) => this.parked.push(resolve));
    this.started++;
  }

  private run(n: number): Promise<void> {
    this.target += n;
    const done = new Promise<void>((resolve) => (this.reached = resolve));
    this.openGate();
    return done;
  }

  private openGate(): void {
    const parked = this.parked;
    this.parked = [];
    for (const resume of parked) resume();
  }
}

/** fetch({ batchSize }) then complete(ids): pg-boss's manual work loop. */
export function bossFetchCase(name: string, baseline: string | undefined, boss: () => PgBoss, queueName: string, batchSize: number): AsyncBenchCase {
  return {
    name,
    ...(baseline === undefined ? {} : { baseline }),
    // Its own batch size: a fetch(1) takes long enough that 100 of them would make one batch seconds long.
    minBatch: batchSize,
    prepare: () =>
      topUp(
        () => boss().getQueueSize(queueName),
        async (count) => {
          await boss().insert(Array.from({ length: count }, () => ({ name: queueName, data: taskJson() })));
        },
      ),
    async run(n) {
      let done = 0;
      while (done < n) {
        const jobs = await boss().fetch(queueName, { batchSize: Math.min(batchSize, n - done) });
        if (jobs.length === 0) throw new Error(`${name}: the backlog ran dry`);
        await boss().complete(
          queueName,
          jobs.map((job) => job.id),
        );
        done += jobs.length;
      }
    },
  };
}

/** SELECT … FOR UPDATE SKIP LOCKED a batch, DELETE it, COMMIT. */
export function plainDequeueCase(name: string, db: () => PlainDatabase, queueName: string): AsyncBenchCase {
  return {
    name,
    minBatch: BATCH,
    prepare: () =>
      topUp(
        () => plainDepth(db(), queueName),
        (count) =>
          insertMany(
            db(),
            queueName,
            Array.from({ length: count }, () => taskFrame()),
          ),
      ),
    async run(n) {
      let done = 0;
      while (done < n) {
        const taken = await dequeueAndDelete(db(), queueName, Math.min(BATCH, n - done));
        if (taken === 0) throw new Error(`${name}: the backlog ran dry`);
        done += taken;
      }
    },
  };
}

/**
 * Send cases: PRODUCERS concurrent producers, each awaiting one message at a
 * time (the message is durable when the promise resolves), until the batch's
 * messages are all sent. Latency is each send's own time, call to resolve.
 */
import type PgBoss from 'pg-boss';
import type { QueueStore } from '../../runtime/store/queue/index.js';
import type { AsyncBenchCase } from '../net/async-suite.js';
import { benchQueue, taskEnvelope, taskFrame, taskJson } from './messages.js';
import { insertMany, insertOne, type PlainDatabase } from './plain-sql.js';

export const PRODUCERS = 16;
/** Rows per statement of the plain multi-row INSERT. */
export const INSERT_ROWS = 100;

/** Enough messages per batch that all producers stay busy for most of it. */
const MIN_SENDS = PRODUCERS * 8;
const PER_SEND = `per-op: each send timed from call to resolve (performance.now), ${PRODUCERS} producers at once`;

/**
 * Runs `op` until `n` messages are done, on `width` producers that each await
 * their previous op; `step` messages per op. Pushes each op's time (µs).
 */
export async function concurrently(n: number, width: number, step: number, op: (count: number) => Promise<unknown>, latencies: number[]): Promise<void> {
  let claimed = 0;
  const producer = async (): Promise<void> => {
    while (claimed < n) {
      const count = Math.min(step, n - claimed);
      claimed += count;
      const began = performance.now();
      await op(count);
      latencies.push((performance.now() - began) * 1000);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, Math.ceil(n / step)) }, producer));
}

export function typewireSendCase(name: string, baseline: string | undefined, store: () => QueueStore, queueName: string): AsyncBenchCase {
  const queue = benchQueue(queueName);
  return {
    name,
    ...(baseline === undefined ? {} : { baseline }),
    latencyMethod: PER_SEND,
    minBatch: MIN_SENDS,
    run: (n, latencies) => concurrently(n, PRODUCERS, 1, () => store().enqueue(queue, taskEnvelope()), latencies),
  };
}

export function bossSendCase(name: string, boss: () => PgBoss, queueName: string): AsyncBenchCase {
  return {
    name,
    latencyMethod: PER_SEND,
    minBatch: MIN_SENDS,
    run: (n, latencies) => concurrently(n, PRODUCERS, 1, () => boss().send(queueName, taskJson()), latencies),
  };
}

/** One INSERT per transaction with `rows` rows; ops are rows, latency is the statement's. */
export function plainSendCase(name: string, db: () => PlainDatabase, queueName: string, rows: 1 | typeof INSERT_ROWS): AsyncBenchCase {
  return {
    name,
    minBatch: MIN_SENDS * rows,
    latencyMethod: rows === 1 ? PER_SEND : `per-statement: each ${rows}-row INSERT timed (performance.now), ${PRODUCERS} producers at once`,
    run: (n, latencies) =>
      concurrently(
        n,
        PRODUCERS,
        rows,
        (count) =>
          count === 1
            ? insertOne(db(), queueName, taskFrame())
            : insertMany(
                db(),
                queueName,
                Array.from({ length: count }, () => taskFrame()),
              ),
        latencies,
      ),
  };
}

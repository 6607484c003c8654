/**
 * What `typewire queue list|status` show, read from the database or from a
 * host's `/api/status`. From the database, rates are the change between two
 * readings `intervalMs` apart (depth growth, dead letters added); a host
 * reports the enqueue and ack rates it measured.
 */
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import type { QueueStats } from '../../runtime/store/queue/index.js';
import type { QueueStore } from '../../runtime/store/queue/index.js';
import type { QueueStatus } from '../host/host-status.js';

export interface QueueView {
  readonly queue: string;
  readonly depth: number;
  readonly ready: number | null;
  readonly inFlight: number;
  readonly oldestAgeMs: number | null;
  readonly deadLetters: number;
  /** Per second; absent when only one reading was taken. */
  readonly rates?: {
    readonly depthChangePerSec?: number;
    readonly deadLettersPerSec?: number;
    readonly enqueuedPerSec?: number;
    readonly ackedPerSec?: number;
  };
}

export function fromStats(stats: QueueStats): QueueView {
  return { queue: stats.queue, depth: stats.depth, ready: stats.ready, inFlight: stats.inFlight, oldestAgeMs: stats.oldestAgeMs, deadLetters: stats.deadLetters };
}

export function fromHost(status: QueueStatus): QueueView {
  return {
    queue: status.queue,
    depth: status.depth,
    ready: null,
    inFlight: status.inFlight,
    oldestAgeMs: status.oldestAgeMs,
    deadLetters: status.deadLetters,
    rates: { enqueuedPerSec: status.enqueuedPerSec, ackedPerSec: status.ackedPerSec },
  };
}

/** One queue's view; `intervalMs` > 0 adds rates from a second reading. Throws NOT_FOUND_QUEUE for a queue that never held a message. */
export async function queueStatusFromStore(store: QueueStore, queue: string, intervalMs: number): Promise<QueueView> {
  const known = (await store.listQueues()).some((q) => q.queue === queue);
  if (!known) throw new TypewireError('NOT_FOUND_QUEUE', `no queue "${queue}" in the database (no message was ever stored in it)`, { details: { queue } });
  const first = await store.stats(queue);
  if (intervalMs <= 0) return fromStats(first);
  const started = Date.now();
  await new Promise((done) => setTimeout(done, intervalMs));
  const second = await store.stats(queue);
  const seconds = (Date.now() - started) / 1000;
  return {
    ...fromStats(second),
    rates: { depthChangePerSec: (second.depth - first.depth) / seconds, deadLettersPerSec: (second.deadLetters - first.deadLetters) / seconds },
  };
}

export function findHostQueue(queues: ReadonlyArray<QueueStatus>, queue: string): QueueView {
  const found = queues.find((q) => q.queue === queue);
  if (found === undefined) throw new TypewireError('NOT_FOUND_QUEUE', `the host knows no queue "${queue}"`, { details: { queue, known: queues.map((q) => q.queue) } });
  return fromHost(found);
}

export function formatAge(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** Fixed-width rows for a terminal: name, depth, in flight, oldest, dead letters. */
export function queueTable(views: ReadonlyArray<QueueView>): string[] {
  const width = Math.max(5, ...views.map((v) => v.queue.length));
  const header = `${'QUEUE'.padEnd(width)}  ${'DEPTH'.padStart(8)}  ${'IN-FLIGHT'.padStart(9)}  ${'OLDEST'.padStart(8)}  ${'DLQ'.padStart(6)}`;
  return [
    header,
    ...views.map((v) => `${v.queue.padEnd(width)}  ${String(v.depth).padStart(8)}  ${String(v.inFlight).padStart(9)}  ${formatAge(v.oldestAgeMs).padStart(8)}  ${String(v.deadLetters).padStart(6)}`),
  ];
}

/**
 * The per-queue depth counters (typewire_queues), which make a max-length
 * check one row read instead of a count.
 *
 * Lock order, the rule that keeps these transactions free of deadlocks:
 * every transaction that changes a depth first locks the counter rows of all
 * the queues it touches, in name order, before it touches a message row.
 * Transactions that do not change a depth (lease, renew, release, retry)
 * take no counter lock, and they never wait for one, so nobody can wait for
 * a message row while holding what its holder waits for.
 */
import type { SqlExecutor } from '../sql-database.js';

/** The NOTIFY channel commits signal on; the payload is the queue name. */
export const QUEUE_CHANNEL = 'typewire_queue';

// One round trip creates missing counters and locks them all: the rows go in
// name order, and ON CONFLICT DO UPDATE locks an existing row as it meets it
// (the no-op update returns the depth as it stands once the lock is held).
const LOCK = `insert into typewire_queues as q (queue)
  select n from unnest($1::text[]) as n order by n
  on conflict (queue) do update set depth = q.depth
  returning queue, depth::float8 as depth`;

const ADD = `update typewire_queues q set depth = q.depth + d.delta
  from unnest($1::text[], $2::bigint[]) as d(queue, delta)
  where q.queue = d.queue`;

/** Locks the counters of `queues` (creating missing ones) and returns their depths. */
export async function lockDepths(tx: SqlExecutor, queues: Iterable<string>): Promise<Map<string, number>> {
  const names = [...new Set(queues)].sort();
  const { rows } = await tx.query<{ queue: string; depth: number }>(LOCK, [names]);
  return new Map(rows.map((row) => [row.queue, Number(row.depth)]));
}

/** Adds `deltas` to counters locked earlier in the same transaction. */
export async function addDepths(tx: SqlExecutor, deltas: ReadonlyMap<string, number>): Promise<void> {
  const changed = [...deltas].filter(([, delta]) => delta !== 0);
  if (changed.length === 0) return;
  await tx.query(ADD, [changed.map(([queue]) => queue), changed.map(([, delta]) => delta)]);
}

/** Wakes consumers of `queues` once the transaction commits (NOTIFY is held until then). */
export async function notifyQueues(tx: SqlExecutor, queues: Iterable<string>): Promise<void> {
  const names = [...new Set(queues)];
  if (names.length === 0) return;
  await tx.query('select pg_notify($1, q) from unnest($2::text[]) as q', [QUEUE_CHANNEL, names]);
}

/** Adds `delta` to the entry of `queue` in a delta map. */
export function bump(deltas: Map<string, number>, queue: string, delta: number): void {
  deltas.set(queue, (deltas.get(queue) ?? 0) + delta);
}

/**
 * The general path of an enqueue batch, for one queue's share when the
 * one-statement fast path (enqueue-statement.ts) could not take it: the
 * queue has no depth counter yet, or the batch would take it over its max
 * length, so the overflow policy decides.
 *
 * In one transaction, in this order: lock the depth counter (creating it),
 * drop ids seen before (still queued or within the deduplication window),
 * make room by the overflow policy, insert, remember the ids, then move the
 * counter and notify. The lock makes two producers' transactions on one queue
 * take turns, so max length is exact.
 */
import type { QueueDescriptor } from '../../descriptors.js';
import { TypewireError } from '../../errors/typewire-error.js';
import type { ItemResult } from '../group-commit.js';
import type { SqlExecutor } from '../sql-database.js';
import { addDepths, lockDepths, notifyQueues } from './depth-counters.js';
import type { EnqueueRequest } from './enqueue-request.js';
import { ROW_ENVELOPE, ROW_VALUES, ROWS, rowParameters } from './enqueue-statement.js';
import type { DroppedMessage, EnqueueAck } from './queue-types.js';

export const STORED: ItemResult<EnqueueAck> = { ok: true, value: { duplicate: false } };
export const DUPLICATE: ItemResult<EnqueueAck> = { ok: true, value: { duplicate: true } };

// Each id is its own primary-key probe: a scalar EXISTS is never turned into a
// join, whatever the statistics say (as `id = any(...)` it became a bitmap scan
// over every id the queue remembered).
const KNOWN_IDS = `
  select u.id from unnest($2::text[]) as u(id)
  where (select exists (select 1 from typewire_queue_messages m where m.queue = $1 and m.id = u.id))
     or (select exists (
       select 1 from typewire_queue_dedup d
       where d.queue = $1 and d.id = u.id and d.seen_at > now() - $3::float8 * interval '1 millisecond'))`;

const DROP_OLDEST = `
  with victims as (
    select id from typewire_queue_messages
    where queue = $1 and (lease_owner is null or visible_at <= now())
    order by seq limit $2
    for update skip locked
  )
  delete from typewire_queue_messages m using victims v
  where m.queue = $1 and m.id = v.id
  returning m.id, m.attempts`;

const INSERT = `
  insert into typewire_queue_messages as m (queue, id, priority, envelope, visible_at, expires_at, traceparent)
  select $1, u.id, u.priority, ${ROW_ENVELOPE}, ${ROW_VALUES}
  from ${ROWS}
  order by u.ord
  on conflict (queue, id) do nothing
  returning m.id`;

const REMEMBER = `
  insert into typewire_queue_dedup (queue, id, seen_at)
  select $1, id, now() from unnest($2::text[]) as id
  on conflict (queue, id) do update set seen_at = excluded.seen_at`;

/**
 * Stores `candidates` (indices into `requests`, all of `queue`, ids unique)
 * in `tx`, writing each one's result. Returns what the drop-oldest policy
 * removed, to report once committed, and whether the batch fitted without it.
 */
export async function enqueueTransaction(
  tx: SqlExecutor,
  queue: QueueDescriptor<unknown>,
  requests: ReadonlyArray<EnqueueRequest>,
  candidates: ReadonlyArray<number>,
  dedupWindowMs: number,
  results: Array<ItemResult<EnqueueAck>>,
): Promise<{ dropped: DroppedMessage[]; fitted: boolean }> {
  const dropped: DroppedMessage[] = [];
  const depth = (await lockDepths(tx, [queue.name])).get(queue.name) ?? 0;
  const ids = candidates.map((i) => requests[i]!.id);
  const known = await tx.query<{ id: string }>(KNOWN_IDS, [queue.name, ids, dedupWindowMs]);
  const knownIds = new Set(known.rows.map((row) => row.id));
  let fresh = candidates.filter((i) => {
    if (!knownIds.has(requests[i]!.id)) return true;
    results[i] = DUPLICATE;
    return false;
  });

  let removed = 0;
  const { maxLength } = queue;
  const fitted = maxLength === undefined || depth + fresh.length <= maxLength;
  if (maxLength !== undefined) {
    if (queue.overflow === 'drop-oldest' && fresh.length > maxLength) {
      // A batch longer than the queue: its own oldest are pushed out at once,
      // accepted (and remembered for deduplication) but never stored.
      const pushedOut = fresh.slice(0, fresh.length - maxLength);
      fresh = fresh.slice(fresh.length - maxLength);
      for (const i of pushedOut) {
        results[i] = STORED;
        dropped.push(overflowDrop(queue, requests[i]!.id, 0));
      }
      await remember(
        tx,
        queue.name,
        pushedOut.map((i) => requests[i]!.id),
        dedupWindowMs,
      );
    }
    let excess = depth + fresh.length - maxLength;
    if (excess > 0 && queue.overflow === 'drop-oldest') {
      const victims = await tx.query<{ id: string; attempts: number }>(DROP_OLDEST, [queue.name, excess]);
      for (const row of victims.rows) dropped.push(overflowDrop(queue, row.id, Number(row.attempts)));
      removed = victims.rows.length;
      excess -= removed;
    }
    if (excess > 0) {
      // Over the limit are the last ones in: earlier messages of the batch still land.
      const full = new TypewireError('PERSISTENCE_QUEUE_FULL', `queue ${queue.name} is full (${maxLength} messages)`, {
        details: { queue: queue.name, maxLength },
      });
      for (const i of fresh.slice(fresh.length - excess)) results[i] = { ok: false, error: full };
      fresh = fresh.slice(0, fresh.length - excess);
    }
  }

  let stored = 0;
  if (fresh.length > 0) {
    const inserted = await tx.query<{ id: string }>(
      INSERT,
      rowParameters(
        queue,
        fresh.map((i) => requests[i]!),
      ),
    );
    const storedIds = new Set(inserted.rows.map((row) => row.id));
    // A conflict here means the id is queued after all: stored once, a duplicate.
    for (const i of fresh) results[i] = storedIds.has(requests[i]!.id) ? STORED : DUPLICATE;
    await remember(tx, queue.name, [...storedIds], dedupWindowMs);
    stored = storedIds.size;
  }
  await addDepths(tx, new Map([[queue.name, stored - removed]]));
  if (stored > 0) await notifyQueues(tx, [queue.name]);
  return { dropped, fitted };
}

async function remember(tx: SqlExecutor, queue: string, ids: ReadonlyArray<string>, dedupWindowMs: number): Promise<void> {
  if (dedupWindowMs > 0 && ids.length > 0) await tx.query(REMEMBER, [queue, ids]);
}

function overflowDrop(queue: QueueDescriptor<unknown>, id: string, attempts: number): DroppedMessage {
  return {
    queue: queue.name,
    id,
    reason: 'overflow',
    code: 'PERSISTENCE_QUEUE_FULL',
    message: `dropped by the drop-oldest policy of queue ${queue.name} (max length ${queue.maxLength})`,
    attempts,
  };
}

/**
 * One group-commit transaction of enqueues: every request that arrived while
 * the previous transaction ran, for any number of queues, stored with one
 * multi-row INSERT per queue.
 *
 * Per queue, in this order: drop ids seen before (in the batch, still queued,
 * or within the deduplication window), make room by the overflow policy,
 * insert, remember the ids, then move the depth counter and notify. The
 * counter rows are locked first (depth-counters.ts), so two producers'
 * transactions on one queue take turns and max length is exact.
 *
 * When the batch fits under the queue's max length even if every id is new
 * (always, without one), nothing can overflow, and one statement (STORE)
 * does all of that for the queue: the counter is locked, so the round trips
 * are what a transaction costs. The general path handles the rest.
 */
import type { QueueDescriptor } from '../../descriptors.js';
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlExecutor } from '../sql-database.js';
import { addDepths, lockDepths, notifyQueues, QUEUE_CHANNEL } from './depth-counters.js';
import type { EnqueueRequest } from './enqueue-request.js';
import type { ItemResult } from '../group-commit.js';
import { asBuffer } from './queue-frame.js';
import type { DroppedMessage, EnqueueAck } from './queue-types.js';

export interface EnqueueTransactionResult {
  readonly results: ReadonlyArray<ItemResult<EnqueueAck>>;
  /** Messages the drop-oldest policy removed, to report once committed. */
  readonly dropped: ReadonlyArray<DroppedMessage>;
}

const KNOWN_IDS = `
  select id from typewire_queue_messages where queue = $1 and id = any($2::text[])
  union
  select id from typewire_queue_dedup
  where queue = $1 and id = any($2::text[]) and seen_at > now() - $3::float8 * interval '1 millisecond'`;

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

// `least` ignores nulls: the earlier of the envelope's expiry and the queue's TTL.
const INSERT = `
  insert into typewire_queue_messages (queue, id, priority, envelope, visible_at, expires_at, traceparent)
  select $1, u.id, u.priority, u.envelope,
    now() + u.delay_ms * interval '1 millisecond',
    least(to_timestamp(u.expires_ms / 1000.0), now() + $2::float8 * interval '1 millisecond'),
    u.traceparent
  from unnest($3::text[], $4::int[], $5::bytea[], $6::float8[], $7::float8[], $8::text[])
    with ordinality as u(id, priority, envelope, delay_ms, expires_ms, traceparent, ord)
  order by u.ord
  on conflict (queue, id) do nothing
  returning id`;

// The fast path in one statement. Data-modifying CTEs always run; `notified`
// is a plain SELECT, so the final query reads it to make it run.
const STORE = `
  with fresh as (
    select u.* from unnest($3::text[], $4::int[], $5::bytea[], $6::float8[], $7::float8[], $8::text[])
      with ordinality as u(id, priority, envelope, delay_ms, expires_ms, traceparent, ord)
    -- id = any(...) keeps the probe an index lookup whatever the statistics say
    -- (as NOT EXISTS, a queue new to them got a scan of all its remembered ids).
    where u.id <> all (array(
      select d.id from typewire_queue_dedup d
      where d.queue = $1 and d.id = any($3::text[]) and d.seen_at > now() - $9::float8 * interval '1 millisecond'))
  ),
  stored as (
    insert into typewire_queue_messages (queue, id, priority, envelope, visible_at, expires_at, traceparent)
    select $1, f.id, f.priority, f.envelope,
      now() + f.delay_ms * interval '1 millisecond',
      least(to_timestamp(f.expires_ms / 1000.0), now() + $2::float8 * interval '1 millisecond'),
      f.traceparent
    from fresh f
    order by f.ord
    on conflict (queue, id) do nothing
    returning id
  ),
  remembered as (
    insert into typewire_queue_dedup (queue, id, seen_at)
    select $1, id, now() from stored where $9::float8 > 0
    on conflict (queue, id) do update set seen_at = excluded.seen_at
  ),
  counted as (
    update typewire_queues set depth = depth + (select count(*) from stored)
    where queue = $1 and exists (select 1 from stored)
  ),
  notified as (
    select pg_notify($10, $1) as sent where exists (select 1 from stored)
  )
  select s.id from stored s cross join (select count(*) from notified) as n`;

const REMEMBER = `
  insert into typewire_queue_dedup (queue, id, seen_at)
  select $1, id, now() from unnest($2::text[]) as id
  on conflict (queue, id) do update set seen_at = excluded.seen_at`;

export async function enqueueTransaction(tx: SqlExecutor, requests: ReadonlyArray<EnqueueRequest>, dedupWindowMs: number): Promise<EnqueueTransactionResult> {
  const results: Array<ItemResult<EnqueueAck>> = new Array(requests.length);
  const dropped: DroppedMessage[] = [];
  const byQueue = new Map<string, number[]>();
  requests.forEach((request, i) => {
    const list = byQueue.get(request.queue.name);
    if (list) list.push(i);
    else byQueue.set(request.queue.name, [i]);
  });
  const depths = await lockDepths(tx, byQueue.keys());
  // Depth changes still to apply; the fast path applies its own (and notifies).
  const deltas = new Map<string, number>();
  for (const name of [...byQueue.keys()].sort()) {
    const indices = byQueue.get(name)!;
    const delta = await enqueueOne(tx, requests, indices, depths.get(name) ?? 0, dedupWindowMs, results, dropped);
    if (delta !== undefined) deltas.set(name, delta);
  }
  await addDepths(tx, deltas);
  await notifyQueues(
    tx,
    [...deltas].filter(([, delta]) => delta > 0).map(([name]) => name),
  );
  return { results, dropped };
}

const STORED: ItemResult<EnqueueAck> = { ok: true, value: { duplicate: false } };
const DUPLICATE: ItemResult<EnqueueAck> = { ok: true, value: { duplicate: true } };

/**
 * Stores one queue's share of the batch; returns how much its depth changed,
 * or undefined when it already moved the counter and notified (fast path).
 */
async function enqueueOne(
  tx: SqlExecutor,
  requests: ReadonlyArray<EnqueueRequest>,
  indices: ReadonlyArray<number>,
  depth: number,
  dedupWindowMs: number,
  results: Array<ItemResult<EnqueueAck>>,
  dropped: DroppedMessage[],
): Promise<number | undefined> {
  const queue = requests[indices[0]!]!.queue;
  const seen = new Set<string>();
  const candidates: number[] = [];
  for (const i of indices) {
    const id = requests[i]!.id;
    if (seen.has(id)) results[i] = DUPLICATE;
    else {
      seen.add(id);
      candidates.push(i);
    }
  }
  if (queue.maxLength === undefined || depth + candidates.length <= queue.maxLength) {
    const stored = await storeFast(
      tx,
      queue,
      candidates.map((i) => requests[i]!),
      dedupWindowMs,
    );
    // Not stored: seen within the window, or still queued (the conflict).
    for (const i of candidates) results[i] = stored.has(requests[i]!.id) ? STORED : DUPLICATE;
    return undefined;
  }

  const known = await tx.query<{ id: string }>(KNOWN_IDS, [queue.name, [...seen], dedupWindowMs]);
  const knownIds = new Set(known.rows.map((row) => row.id));
  let fresh = candidates.filter((i) => {
    if (!knownIds.has(requests[i]!.id)) return true;
    results[i] = DUPLICATE;
    return false;
  });

  let removed = 0;
  const { maxLength } = queue;
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

  if (fresh.length === 0) return -removed;
  const rows = fresh.map((i) => requests[i]!);
  const inserted = await tx.query<{ id: string }>(INSERT, rowParameters(queue, rows));
  const storedIds = new Set(inserted.rows.map((row) => row.id));
  // A conflict here means the id is queued after all: stored once, a duplicate.
  for (const i of fresh) results[i] = storedIds.has(requests[i]!.id) ? STORED : DUPLICATE;
  await remember(tx, queue.name, [...storedIds], dedupWindowMs);
  return storedIds.size - removed;
}

/** Runs STORE for `rows` (ids unique within the batch) and returns the ids it stored. */
async function storeFast(tx: SqlExecutor, queue: QueueDescriptor<unknown>, rows: ReadonlyArray<EnqueueRequest>, dedupWindowMs: number): Promise<Set<string>> {
  const { rows: stored } = await tx.query<{ id: string }>(STORE, [
    ...rowParameters(queue, rows),
    dedupWindowMs,
    QUEUE_CHANNEL,
  ]);
  return new Set(stored.map((row) => row.id));
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

/** The queue and per-row array parameters ($1..$8) that INSERT and STORE share. */
function rowParameters(queue: QueueDescriptor<unknown>, rows: ReadonlyArray<EnqueueRequest>): unknown[] {
  return [
    queue.name,
    queue.ttlMs ?? null,
    rows.map((r) => r.id),
    rows.map((r) => r.priority),
    rows.map((r) => asBuffer(r.frame)),
    rows.map((r) => r.delayMs),
    rows.map((r) => r.expiresAt ?? null),
    rows.map((r) => r.traceparent ?? null),
  ];
}

/**
 * The fast path of an enqueue batch: one queue's share stored by a single
 * autocommit statement, so a batch costs one round trip and the queue's
 * depth counter is locked only while the server runs it, not across the
 * network round trips of BEGIN … COMMIT.
 *
 * In order: lock the depth counter (first, like every depth-changing
 * transaction: depth-counters.ts), remember the ids not seen within the
 * deduplication window (the others are duplicates), insert those (a conflict
 * means the id is still queued), move the counter, notify.
 * typewire_enqueue_check (migration 3) then raises when the counter was
 * missing or the queue went over its max length;
 * the statement rolls back, nothing is stored, and the caller falls back to
 * the general path, which creates the counter and applies the overflow policy.
 */
import type { QueueDescriptor } from '../../descriptors.js';
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlExecutor } from '../sql-database.js';
import { QUEUE_CHANNEL } from './depth-counters.js';
import type { EnqueueRequest } from './enqueue-request.js';

/** What typewire_enqueue_check raises. */
const DOES_NOT_FIT = 'TWQ01';

// `least` ignores nulls: the earlier of the envelope's expiry and the queue's TTL.
export const ROWS = `
  unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::text[])
    with ordinality as u(id, priority, envelope_at, envelope_bytes, delay_ms, expires_ms, traceparent, ord)`;
/** A row's envelope: its slice of the packed parameter $10 (see rowParameters). */
export const ROW_ENVELOPE = `substring($10::bytea from u.envelope_at + 1 for u.envelope_bytes)`;
export const ROW_VALUES = `
    now() + u.delay_ms * interval '1 millisecond',
    least(to_timestamp(u.expires_ms / 1000.0), now() + $2::float8 * interval '1 millisecond'),
    u.traceparent`;

const STORE = `
  with counter as (
    select q.depth from typewire_queues q where q.queue = $1 for update
  ),
  claimed as (
    -- Remember each id unless it was seen within the window (then it is a
    -- duplicate and stays unclaimed). The conflict check goes through the
    -- primary key, so no plan, however stale, turns it into a scan; and the
    -- counter is locked before the first of these rows.
    insert into typewire_queue_dedup as d (queue, id, seen_at)
    select $1, u.id, now() from counter cross join unnest($3::text[]) as u(id)
    where $11::float8 > 0
    on conflict (queue, id) do update set seen_at = excluded.seen_at
      where d.seen_at <= now() - $11::float8 * interval '1 millisecond'
    returning d.id
  ),
  fresh as (
    select u.* from counter cross join ${ROWS}
    where $11::float8 = 0 or u.id in (select c.id from claimed c)
  ),
  stored as (
    insert into typewire_queue_messages as m (queue, id, priority, envelope, visible_at, expires_at, traceparent)
    select $1, u.id, u.priority, ${ROW_ENVELOPE}, ${ROW_VALUES}
    from fresh u
    order by u.ord
    on conflict (queue, id) do nothing
    returning m.id
  ),
  counted as (
    update typewire_queues q set depth = q.depth + (select count(*) from stored)
    where q.queue = $1 and exists (select 1 from stored)
    returning q.depth
  ),
  notified as (
    select pg_notify($12, $1) as sent where exists (select 1 from stored)
  )
  -- Data-modifying CTEs always run; the check and the plain-SELECT notify
  -- run because the final query reads them.
  select array(select id from stored) as ids,
    typewire_enqueue_check($1, (select count(*) from counter), (select count(*) from stored),
      (select depth from counted), $13::bigint) as fits,
    (select count(*) from notified) as notified`;

/**
 * Stores `rows` (ids unique within the batch) in one statement and returns
 * the ids it stored (the others were duplicates), or undefined when the batch
 * does not fit and nothing was stored.
 */
export async function storeInOneStatement(
  db: SqlExecutor,
  queue: QueueDescriptor<unknown>,
  rows: ReadonlyArray<EnqueueRequest>,
  dedupWindowMs: number,
): Promise<Set<string> | undefined> {
  try {
    // Prepared: every part of its plan is an insert, a primary-key conflict check or the one-row counter.
    const result = await db.query<{ ids: string[] }>(STORE, [...rowParameters(queue, rows), dedupWindowMs, QUEUE_CHANNEL, queue.maxLength ?? null], {
      prepareAs: 'typewire_enqueue',
    });
    return new Set(result.rows[0]?.ids ?? []);
  } catch (error) {
    if (error instanceof TypewireError && (error.details as { sqlState?: string } | undefined)?.sqlState === DOES_NOT_FIT) return undefined;
    throw error;
  }
}

/**
 * The queue and per-row parameters ($1..$10) of ROWS, ROW_ENVELOPE and
 * ROW_VALUES. The envelopes travel end to end in one bytea ($10) with each
 * row's offset and length: a lone Buffer parameter goes over the wire as
 * binary, as it is, where an array of them would be spelled out in hex as
 * text by the client and parsed back by the server.
 */
export function rowParameters(queue: QueueDescriptor<unknown>, rows: ReadonlyArray<EnqueueRequest>): unknown[] {
  const offsets: number[] = [];
  const lengths: number[] = [];
  let at = 0;
  for (const row of rows) {
    offsets.push(at);
    lengths.push(row.frame.byteLength);
    at += row.frame.byteLength;
  }
  return [
    queue.name,
    queue.ttlMs ?? null,
    rows.map((r) => r.id),
    rows.map((r) => r.priority),
    offsets,
    lengths,
    rows.map((r) => r.delayMs),
    rows.map((r) => r.expiresAt ?? null),
    rows.map((r) => r.traceparent ?? null),
    Buffer.concat(rows.map((r) => r.frame), at),
  ];
}

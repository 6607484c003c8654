/**
 * Reading and replaying dead letters (the reprocessing of failed messages).
 * A replay moves a letter back to the queue it died in as a fresh message:
 * attempts 0, visible at once, no expiry, its reason cleared. Letters a
 * dead-letter consumer currently holds, or whose id is queued in the origin
 * again, stay where they are and are counted as skipped.
 */
import { decodeEnvelope } from '../../codec/envelope-frame.js';
import type { SqlDatabase } from '../sql-database.js';
import { addDepths, bump, lockDepths, notifyQueues } from './depth-counters.js';
import { badArgument } from './queue-arguments.js';
import type { DeadLetter, DeadLetterPage, DeadLetterReason, ReplayResult } from './queue-types.js';

const PAGE = `
  select id, dead_from, last_error, envelope, seq::text as seq,
    (extract(epoch from enqueued_at) * 1000)::float8 as dead_at
  from typewire_queue_messages
  where queue = $1 and dead_from is not null and ($2::text is null or dead_from = $2) and seq > $3::bigint
  order by seq limit $4`;

const CANDIDATES = `
  select id, dead_from, seq::text as seq from typewire_queue_messages
  where queue = $1 and dead_from is not null and seq > $2::bigint
    and ($3::text is null or dead_from = $3) and ($4::text[] is null or id = any($4::text[]))
  order by seq limit $5`;

const MOVE_BACK = `
  with picked as (
    select id, dead_from, priority, envelope, traceparent from typewire_queue_messages
    where queue = $1 and id = any($2::text[]) and dead_from = any($3::text[])
      and (lease_owner is null or visible_at <= now())
    for update skip locked
  ),
  back as (
    insert into typewire_queue_messages (queue, id, priority, envelope, traceparent)
    select dead_from, id, priority, envelope, traceparent from picked
    on conflict (queue, id) do nothing
    returning queue, id
  )
  delete from typewire_queue_messages m using back b
  where m.queue = $1 and m.id = b.id
  returning b.queue as origin`;

const REPLAY_BATCH = 500;

interface PageRow {
  id: string;
  dead_from: string;
  last_error: DeadLetterReason | string | null;
  envelope: Uint8Array;
  seq: string;
  dead_at: number;
}

/** One page of the letters in `deadLetterQueue`, oldest first. */
export async function listDeadLetters(
  db: SqlDatabase,
  deadLetterQueue: string,
  origin: string | undefined,
  after: string,
  limit: number,
): Promise<DeadLetterPage> {
  const { rows } = await db.query<PageRow>(PAGE, [deadLetterQueue, origin ?? null, after, limit]);
  const letters: DeadLetter[] = rows.map((row) => {
    const { envelope, codec } = decodeEnvelope(row.envelope);
    // PGlite hands jsonb back parsed; keep a string form working too.
    const reason = (typeof row.last_error === 'string' ? JSON.parse(row.last_error) : row.last_error) as DeadLetterReason;
    return { queue: deadLetterQueue, origin: row.dead_from, id: row.id, reason, envelope, codec, deadAt: Number(row.dead_at) };
  });
  return rows.length === limit ? { letters, next: rows.at(-1)!.seq } : { letters };
}

/** Moves letters of `deadLetterQueue` back to their origin queues, in batches. */
export async function replayDeadLetters(
  db: SqlDatabase,
  deadLetterQueue: string,
  ids: ReadonlyArray<string> | undefined,
  origin: string | undefined,
): Promise<ReplayResult> {
  let replayed = 0;
  let skipped = 0;
  let after = '0';
  for (;;) {
    const { rows } = await db.query<{ id: string; dead_from: string; seq: string }>(CANDIDATES, [
      deadLetterQueue,
      after,
      origin ?? null,
      ids ?? null,
      REPLAY_BATCH,
    ]);
    if (rows.length === 0) break;
    after = rows.at(-1)!.seq;
    const origins = [...new Set(rows.map((row) => row.dead_from))];
    const moved = await db.transaction(async (tx) => {
      // Only these origins are locked, so only letters from them may move.
      await lockDepths(tx, [deadLetterQueue, ...origins]);
      const back = await tx.query<{ origin: string }>(MOVE_BACK, [deadLetterQueue, rows.map((row) => row.id), origins]);
      const deltas = new Map<string, number>();
      for (const row of back.rows) {
        bump(deltas, row.origin, 1);
        bump(deltas, deadLetterQueue, -1);
      }
      await addDepths(tx, deltas);
      await notifyQueues(tx, [...new Set(back.rows.map((row) => row.origin))]);
      return back.rows.length;
    });
    replayed += moved;
    skipped += rows.length - moved;
    if (rows.length < REPLAY_BATCH) break;
  }
  return { replayed, skipped };
}

/** The `after` cursor: a sequence number as the previous page returned it. */
export function checkCursor(after: string | undefined): string {
  if (after === undefined) return '0';
  if (typeof after !== 'string' || !/^\d{1,19}$/.test(after))
    throw badArgument('listDeadLetters', 'after', after, 'must be the next cursor of a previous page');
  return after;
}

/**
 * Read-only views of the queues for operators and metrics: per-queue counts
 * by state, the age of the oldest message and the dead letters each queue
 * produced. Counts are computed from the rows (only `depth` is the counter),
 * so a view is exact as of its statement, and costs a scan of the queue.
 */
import type { SqlDatabase } from '../sql-database.js';
import type { QueueStats } from './queue-types.js';

const STATS = `
  select q.queue, q.depth::float8 as depth,
    (count(m.id) filter (where m.visible_at <= now()))::float8 as ready,
    (count(m.id) filter (where m.visible_at > now() and m.lease_owner is null))::float8 as delayed,
    (count(m.id) filter (where m.visible_at > now() and m.lease_owner is not null))::float8 as in_flight,
    (extract(epoch from now() - min(m.enqueued_at)) * 1000)::float8 as oldest_age_ms,
    (select count(*) from typewire_queue_messages d where d.dead_from = q.queue)::float8 as dead_letters
  from typewire_queues q
  left join typewire_queue_messages m on m.queue = q.queue
  where $1::text[] is null or q.queue = any($1::text[])
  group by q.queue, q.depth
  order by q.queue`;

interface StatsRow {
  queue: string;
  depth: number;
  ready: number;
  delayed: number;
  in_flight: number;
  oldest_age_ms: number | null;
  dead_letters: number;
}

function toStats(row: StatsRow): QueueStats {
  const ready = Number(row.ready);
  const delayed = Number(row.delayed);
  return {
    queue: row.queue,
    depth: Number(row.depth),
    pending: ready + delayed,
    ready,
    delayed,
    inFlight: Number(row.in_flight),
    oldestAgeMs: row.oldest_age_ms === null ? null : Math.max(0, Number(row.oldest_age_ms)),
    deadLetters: Number(row.dead_letters),
  };
}

export function emptyStats(queue: string): QueueStats {
  return { queue, depth: 0, pending: 0, ready: 0, delayed: 0, inFlight: 0, oldestAgeMs: null, deadLetters: 0 };
}

/** Stats of the named queues, or of every queue that ever held a message when `queues` is undefined; by name. */
export async function queueStats(db: SqlDatabase, queues: ReadonlyArray<string> | undefined): Promise<QueueStats[]> {
  const { rows } = await db.query<StatsRow>(STATS, [queues ?? null]);
  return rows.map(toStats);
}

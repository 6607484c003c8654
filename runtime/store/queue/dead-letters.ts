/**
 * Moving messages out of their queue for good: to the dead-letter queue when
 * the queue declares one, otherwise dropped (and reported). Each move is one
 * statement (a DELETE … RETURNING feeding an INSERT) inside a transaction
 * that also moves the depth counters, so a message is never in both queues,
 * nor in neither while still counted.
 */
import type { QueueDescriptor } from '../../descriptors.js';
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlDatabase, SqlExecutor } from '../sql-database.js';
import { addDepths, lockDepths, notifyQueues } from './depth-counters.js';
import type { DeadLetterCause, DroppedMessage, LeasedMessage } from './queue-types.js';

/** The code and message recorded for a failure. */
export interface FailureSummary {
  readonly code: string;
  readonly message: string;
}

export function summarize(error: unknown): FailureSummary {
  const failure = TypewireError.from(error);
  return { code: failure.code, message: failure.message };
}

export const EXPIRED: FailureSummary = { code: 'PERSISTENCE_MESSAGE_EXPIRED', message: 'the message expired before it was delivered' };

/** The leased row, only while the lease token still matches. */
const DELETE_LEASED = `
  dead as (
    delete from typewire_queue_messages m
    where m.queue = $1 and m.id = $2 and m.attempts = $3 and m.lease_owner = $4
    returning m.queue, m.id, m.priority, m.envelope, m.traceparent, m.enqueued_at, m.attempts
  )`;

/** Up to $2 expired rows nobody holds a lease on; locked rows are someone else's sweep. */
const DELETE_EXPIRED = `
  victims as (
    select id from typewire_queue_messages
    where queue = $1 and expires_at <= now() and (lease_owner is null or visible_at <= now())
    order by expires_at limit $2
    for update skip locked
  ),
  dead as (
    delete from typewire_queue_messages m using victims v
    where m.queue = $1 and m.id = v.id
    returning m.queue, m.id, m.priority, m.envelope, m.traceparent, m.enqueued_at, m.attempts
  )`;

/**
 * Inserts the deleted rows into the dead-letter queue `$n`; `$n+1..$n+4` are
 * the cause, code, message and (when not null) the attempts to report. A
 * letter whose id is already in the dead-letter queue replaces it: the latest
 * death is the one worth reading.
 */
function insertDead(n: number): string {
  return `
    insert into typewire_queue_messages as t (queue, id, priority, envelope, traceparent, last_error, dead_from)
    select $${n}, d.id, d.priority, d.envelope, d.traceparent,
      jsonb_build_object(
        'reason', $${n + 1}::text, 'code', $${n + 2}::text, 'message', $${n + 3}::text,
        'attempts', coalesce($${n + 4}::int, d.attempts),
        'firstEnqueuedAt', (extract(epoch from d.enqueued_at) * 1000)::float8,
        'failedAt', (extract(epoch from now()) * 1000)::float8),
      d.queue
    from dead d
    on conflict (queue, id) do update set
      priority = excluded.priority, envelope = excluded.envelope, traceparent = excluded.traceparent,
      last_error = excluded.last_error, dead_from = excluded.dead_from, attempts = 0,
      enqueued_at = now(), visible_at = now(), expires_at = null, lease_owner = null
    returning t.id, (t.xmax = 0) as inserted`;
}

const MOVE_LEASED = `with ${DELETE_LEASED} ${insertDead(5)}`;
const DROP_LEASED = `with ${DELETE_LEASED} select id, attempts from dead`;
const MOVE_EXPIRED = `with ${DELETE_EXPIRED} ${insertDead(3)}`;
const DROP_EXPIRED = `with ${DELETE_EXPIRED} select id, attempts from dead`;

export interface RemovalResult {
  /** Rows that left the queue. */
  readonly removed: number;
  /** Those dropped for want of a dead-letter queue, to report once committed. */
  readonly dropped: ReadonlyArray<DroppedMessage>;
}

/**
 * Dead-letters one leased message (reject, last failed attempt, a lease that
 * ran out on the last attempt). `removed` is 0 when the lease token no longer
 * matches: the caller reports PERSISTENCE_LEASE_LOST.
 */
export async function deadLetterLeased(
  db: SqlDatabase,
  queue: QueueDescriptor<unknown>,
  message: LeasedMessage,
  cause: DeadLetterCause,
  failure: FailureSummary,
  attempts: number,
): Promise<RemovalResult> {
  const token = [queue.name, message.id, message.attempt, message.owner];
  return removeInTransaction(
    db,
    queue,
    (tx) =>
      queue.deadLetter === undefined
        ? tx.query<{ id: string; attempts: number }>(DROP_LEASED, token)
        : tx.query<{ id: string; inserted: boolean }>(MOVE_LEASED, [...token, queue.deadLetter, cause, failure.code, failure.message, attempts]),
    { cause, failure, attempts },
  );
}

/** Moves up to `limit` expired, unleased messages of `queue` out (reason `expired`). */
export function expireMessages(db: SqlDatabase, queue: QueueDescriptor<unknown>, limit: number): Promise<RemovalResult> {
  return removeInTransaction(
    db,
    queue,
    (tx) =>
      queue.deadLetter === undefined
        ? tx.query<{ id: string; attempts: number }>(DROP_EXPIRED, [queue.name, limit])
        : tx.query<{ id: string; inserted: boolean }>(MOVE_EXPIRED, [queue.name, limit, queue.deadLetter, 'expired', EXPIRED.code, EXPIRED.message, null]),
    { cause: 'expired', failure: EXPIRED },
  );
}

type RemovalRow = { id: string; attempts?: number; inserted?: boolean };

interface RemovalCause {
  readonly cause: DeadLetterCause;
  readonly failure: FailureSummary;
  /** Attempts to report instead of the row's count. */
  readonly attempts?: number;
}

async function removeInTransaction(
  db: SqlDatabase,
  queue: QueueDescriptor<unknown>,
  statement: (tx: SqlExecutor) => Promise<{ rows: RemovalRow[] }>,
  { cause, failure, attempts }: RemovalCause,
): Promise<RemovalResult> {
  const dlq = queue.deadLetter;
  return db.transaction(async (tx) => {
    await lockDepths(tx, dlq === undefined ? [queue.name] : [queue.name, dlq]);
    const { rows } = await statement(tx);
    const deltas = new Map<string, number>([[queue.name, -rows.length]]);
    if (dlq !== undefined) {
      // A letter replacing an older one of the same id does not deepen the dead-letter queue.
      deltas.set(dlq, (deltas.get(dlq) ?? 0) + rows.filter((row) => row.inserted).length);
      if (rows.length > 0) await notifyQueues(tx, [dlq]);
    }
    await addDepths(tx, deltas);
    const dropped: DroppedMessage[] =
      dlq === undefined
        ? rows.map((row) => ({ queue: queue.name, id: row.id, reason: cause, ...failure, attempts: attempts ?? Number(row.attempts ?? 0) }))
        : [];
    return { removed: rows.length, dropped };
  });
}

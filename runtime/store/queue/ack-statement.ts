/**
 * One group-commit flush of acks: every ack made while the previous flush
 * ran, deleted by one autocommit statement (one round trip). An ack whose
 * lease token no longer matches deletes nothing and is refused with
 * PERSISTENCE_LEASE_LOST; the others of the batch still count.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlExecutor } from '../sql-database.js';
import type { ItemResult } from '../group-commit.js';
import type { LeasedMessage } from './queue-types.js';

// The counters are locked first, in name order (depth-counters.ts), then the
// rows deleted, then the counters moved. `ordered` sorts before it locks, and
// the delete's condition reads it (always true: it is there to run first).
const DELETE_ACKED = `
  with ordered as (
    select q.queue from typewire_queues q
    where q.queue = any($1::text[])
    order by q.queue
    for update
  ),
  deleted as (
    delete from typewire_queue_messages m
    using unnest($1::text[], $2::text[], $3::int[], $4::text[]) as u(queue, id, attempts, owner)
    where m.queue = u.queue and m.id = u.id and m.attempts = u.attempts and m.lease_owner = u.owner
      and (select count(*) from ordered) >= 0
    returning m.queue, m.id
  ),
  counted as (
    update typewire_queues q set depth = q.depth - d.n
    from (select queue, count(*) as n from deleted group by queue) as d
    where q.queue = d.queue
  )
  select queue, id from deleted`;

export async function ackMessages(db: SqlExecutor, messages: ReadonlyArray<LeasedMessage>): Promise<Array<ItemResult<void>>> {
  const { rows } = await db.query<{ queue: string; id: string }>(DELETE_ACKED, [
    messages.map((m) => m.queue),
    messages.map((m) => m.id),
    messages.map((m) => m.attempt),
    messages.map((m) => m.owner),
  ]);
  const deleted = new Set(rows.map((row) => `${row.queue}\u0000${row.id}`));
  return messages.map((m) => (deleted.has(`${m.queue}\u0000${m.id}`) ? { ok: true, value: undefined } : { ok: false, error: leaseLost('ack', m) }));
}

/** The error of an ack, nack, reject or renewal that came after the lease moved on. */
export function leaseLost(operation: string, message: LeasedMessage): TypewireError {
  return new TypewireError(
    'PERSISTENCE_LEASE_LOST',
    `${operation} of message ${message.id} in queue ${message.queue} (attempt ${message.attempt}) came after its lease moved on to another delivery`,
    { details: { operation, queue: message.queue, id: message.id, attempt: message.attempt } },
  );
}

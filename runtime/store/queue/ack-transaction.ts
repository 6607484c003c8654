/**
 * One group-commit transaction of acks: every ack made while the previous
 * transaction ran, deleted with one statement. An ack whose lease token no
 * longer matches deletes nothing and is refused with PERSISTENCE_LEASE_LOST;
 * the others of the batch still count.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlExecutor } from '../sql-database.js';
import { lockDepths } from './depth-counters.js';
import type { ItemResult } from '../group-commit.js';
import type { LeasedMessage } from './queue-types.js';

// The delete and the counters it moves in one round trip (the counters are locked first).
const DELETE_ACKED = `
  with deleted as (
    delete from typewire_queue_messages m
    using unnest($1::text[], $2::text[], $3::int[], $4::text[]) as u(queue, id, attempts, owner)
    where m.queue = u.queue and m.id = u.id and m.attempts = u.attempts and m.lease_owner = u.owner
    returning m.queue, m.id
  ),
  counted as (
    update typewire_queues q set depth = q.depth - d.n
    from (select queue, count(*) as n from deleted group by queue) as d
    where q.queue = d.queue
  )
  select queue, id from deleted`;

export async function ackTransaction(tx: SqlExecutor, messages: ReadonlyArray<LeasedMessage>): Promise<Array<ItemResult<void>>> {
  await lockDepths(
    tx,
    messages.map((m) => m.queue),
  );
  const { rows } = await tx.query<{ queue: string; id: string }>(DELETE_ACKED, [
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

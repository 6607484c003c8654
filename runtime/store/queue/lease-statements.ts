/**
 * Leases: taking messages, holding them longer, giving them back, and
 * scheduling a retry. None of these changes a queue's depth, so none takes a
 * depth-counter lock (see depth-counters.ts for why that matters). Every
 * statement that acts on a held message names its lease token (attempt and
 * owner) and touches nothing once the token has moved on.
 */
import type { SqlDatabase } from '../sql-database.js';
import { notifyQueues } from './depth-counters.js';
import type { FailureSummary } from './dead-letters.js';
import type { DeadLetterReason, LeasedMessage } from './queue-types.js';

// typewire_lease (migration 3) pins the plan: see there why it is a function.
const LEASE = 'select * from typewire_lease($1, $2, $3, $4)';

const PROBE = `
  select
    exists (
      select 1 from typewire_queue_messages
      where queue = $1 and expires_at <= now() and (lease_owner is null or visible_at <= now())
    ) as expired,
    -- Rows visible already count as 0: one may have become visible after the lease looked
    -- (a short retry delay), and skipping it would leave it waiting for the poll.
    (select case when min(visible_at) <= now() then 0::float8 else (extract(epoch from min(visible_at) - now()) * 1000)::float8 end
      from typewire_queue_messages where queue = $1) as next_in_ms`;

const EXTEND = `
  update typewire_queue_messages m set visible_at = now() + $1::float8 * interval '1 millisecond'
  from unnest($2::text[], $3::text[], $4::int[], $5::text[]) as u(queue, id, attempts, owner)
  where m.queue = u.queue and m.id = u.id and m.attempts = u.attempts and m.lease_owner = u.owner
  returning m.queue, m.id`;

// attempts - 1: a message given back unstarted was never attempted, and keeps its retries.
const RELEASE = `
  update typewire_queue_messages m set visible_at = now(), lease_owner = null, attempts = m.attempts - 1
  from unnest($1::text[], $2::text[], $3::int[], $4::text[]) as u(queue, id, attempts, owner)
  where m.queue = u.queue and m.id = u.id and m.attempts = u.attempts and m.lease_owner = u.owner
  returning m.queue, m.id`;

const RETRY = `
  update typewire_queue_messages
  set visible_at = now() + $5::float8 * interval '1 millisecond', lease_owner = null,
    last_error = jsonb_build_object('code', $6::text, 'message', $7::text, 'attempts', attempts,
      'failedAt', (extract(epoch from now()) * 1000)::float8)
  where queue = $1 and id = $2 and attempts = $3 and lease_owner = $4`;

interface LeaseRow {
  id: string;
  attempts: number;
  priority: number;
  seq: number;
  enqueued_at: number;
  envelope: Uint8Array;
  dead_from: string | null;
  /** jsonb: parsed by pg, a string from some drivers. */
  dead_reason: DeadLetterReason | string | null;
}

/** Leases up to `max` deliverable messages of `queue`, in delivery order (priority, then arrival). */
export async function leaseMessages(db: SqlDatabase, queue: string, max: number, leaseMs: number, owner: string): Promise<LeasedMessage[]> {
  const { rows } = await db.query<LeaseRow>(LEASE, [queue, max, leaseMs, owner]);
  // UPDATE … RETURNING promises no order.
  rows.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
  return rows.map((row) => ({
    queue,
    id: row.id,
    attempt: Number(row.attempts),
    owner,
    priority: Number(row.priority),
    enqueuedAt: Number(row.enqueued_at),
    frame: row.envelope,
    ...(row.dead_from !== null && row.dead_reason !== null
      ? { deadLetter: { origin: row.dead_from, reason: typeof row.dead_reason === 'string' ? (JSON.parse(row.dead_reason) as DeadLetterReason) : row.dead_reason } }
      : {}),
  }));
}

export interface QueueProbe {
  /** Expired rows wait for the sweep. */
  readonly expired: boolean;
  /** Milliseconds (database clock) until the next row becomes visible, 0 when one is; undefined when the queue is empty. */
  readonly nextInMs: number | undefined;
}

/** What an idle consumer needs to know: is a sweep due, and when must it look again. */
export async function probeQueue(db: SqlDatabase, queue: string): Promise<QueueProbe> {
  const { rows } = await db.query<{ expired: boolean; next_in_ms: number | null }>(PROBE, [queue]);
  const row = rows[0];
  return { expired: row?.expired === true, nextInMs: row?.next_in_ms === null || row?.next_in_ms === undefined ? undefined : Number(row.next_in_ms) };
}

function tokens(messages: ReadonlyArray<LeasedMessage>): unknown[] {
  return [messages.map((m) => m.queue), messages.map((m) => m.id), messages.map((m) => m.attempt), messages.map((m) => m.owner)];
}

function key(queue: string, id: string): string {
  return `${queue}\u0000${id}`;
}

/** Pushes the leases of `messages` to `leaseMs` from now; returns those whose lease had moved on. */
export async function extendLeases(db: SqlDatabase, messages: ReadonlyArray<LeasedMessage>, leaseMs: number): Promise<LeasedMessage[]> {
  if (messages.length === 0) return [];
  const { rows } = await db.query<{ queue: string; id: string }>(EXTEND, [leaseMs, ...tokens(messages)]);
  const held = new Set(rows.map((row) => key(row.queue, row.id)));
  return messages.filter((m) => !held.has(key(m.queue, m.id)));
}

/** Makes `messages` visible again at once, without spending an attempt, and wakes consumers. */
export async function releaseLeases(db: SqlDatabase, messages: ReadonlyArray<LeasedMessage>): Promise<number> {
  if (messages.length === 0) return 0;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ queue: string }>(RELEASE, tokens(messages));
    await notifyQueues(
      tx,
      rows.map((row) => row.queue),
    );
    return rows.length;
  });
}

/** Schedules the next attempt of a failed message; false when its lease had moved on. */
export async function retryLeased(db: SqlDatabase, message: LeasedMessage, delayMs: number, failure: FailureSummary): Promise<boolean> {
  const params = [message.queue, message.id, message.attempt, message.owner, delayMs, failure.code, failure.message];
  if (delayMs > 0) return (await db.query(RETRY, params)).rowCount === 1;
  // Visible at once: tell the other consumers, in the same commit.
  return db.transaction(async (tx) => {
    const updated = (await tx.query(RETRY, params)).rowCount === 1;
    if (updated) await notifyQueues(tx, [message.queue]);
    return updated;
  });
}

import type { Migration } from './index.js';

/**
 * Two functions the queue store's hot statements call.
 *
 * typewire_enqueue_check lets one autocommit statement enqueue a batch
 * (enqueue-statement.ts): it runs after the statement stored the rows and
 * moved the depth counter, and raises when the counter was missing or the
 * queue went over its max length, so the whole statement rolls back and the
 * batch takes the general path (enqueue-transaction.ts) instead. SQL alone
 * cannot abort a statement on a condition; a function can.
 *
 * typewire_lease takes the next messages in delivery order. It is a function
 * for its SET clauses: with sequential scans, sorts, bitmap scans, hash and
 * merge joins off while it is planned, the plan left walks the
 * (queue, priority desc, seq) index and stops after `max` rows, however many
 * rows the planner believes the queue holds. As a plain statement, a queue
 * that filled up before autovacuum analyzed the table got a bitmap scan and a
 * sort of the whole queue for every lease (the planner guessed a dozen rows:
 * tens of milliseconds each). It is SQL, not PL/pgSQL, so it is planned at
 * each call against the table as it is: a PL/pgSQL plan cached while the
 * table was tiny scanned the whole queue for every row it updated.
 */
export const STORE_FUNCTIONS_V3: Migration = {
  version: 3,
  name: 'store-functions',
  sql: `
    create function typewire_enqueue_check(queue text, locked bigint, stored bigint, depth bigint, max_length bigint)
    returns boolean language plpgsql as $$
    begin
      if locked = 0 then
        raise exception 'queue % has no depth counter yet', queue using errcode = 'TWQ01';
      end if;
      if stored > 0 and max_length is not null and depth > max_length then
        raise exception 'queue % would hold % messages, over its max length %', queue, depth, max_length using errcode = 'TWQ01';
      end if;
      return true;
    end $$;

    -- Expired rows are skipped here and left to the expiry sweep, which moves them in its own transaction.
    create function typewire_lease(lease_queue text, lease_max integer, lease_ms float8, lease_owner_id text)
    returns table (id text, attempts integer, priority integer, seq float8, enqueued_at float8, envelope bytea, dead_from text, dead_reason jsonb)
    language sql
    set enable_seqscan = off
    set enable_sort = off
    set enable_bitmapscan = off
    set enable_hashjoin = off
    set enable_mergejoin = off
    as $$
      -- The rows to update are looked up by primary key (id = any), never joined:
      -- a join lets a plan made for a tiny table scan the whole queue per row.
      update typewire_queue_messages m
      set visible_at = now() + lease_ms * interval '1 millisecond', lease_owner = lease_owner_id, attempts = m.attempts + 1
      where m.queue = lease_queue and m.id = any (array(
        select n.id from typewire_queue_messages n
        where n.queue = lease_queue and n.visible_at <= now() and (n.expires_at is null or n.expires_at > now())
        order by n.priority desc, n.seq
        limit lease_max
        for update skip locked))
      returning m.id, m.attempts, m.priority, m.seq::float8,
        (extract(epoch from m.enqueued_at) * 1000)::float8, m.envelope,
        m.dead_from, case when m.dead_from is not null then m.last_error end;
    $$;
  `,
};

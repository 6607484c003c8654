import type { Migration } from './index.js';

/**
 * Queue messages. One column, `visible_at`, covers a delayed send, a retry
 * delay and a lease: a row is deliverable when `visible_at <= now()`, and a
 * delivery pushes it forward by the lease. A consumer that dies simply lets
 * its lease run out. `attempts` doubles as the lease token: an ack names the
 * attempt it was given (and the lease owner) and is refused once another
 * delivery took the row.
 *
 * A dead letter is a row of its dead-letter queue with `dead_from` naming the
 * queue it died in and `last_error` saying why; replaying it moves it back.
 */
export const QUEUES_V1: Migration = {
  version: 1,
  name: 'queues',
  sql: `
    create table typewire_queue_messages (
      queue text not null,
      id text not null,
      seq bigserial not null,
      priority integer not null default 0,
      envelope bytea not null,
      attempts integer not null default 0,
      enqueued_at timestamptz not null default now(),
      visible_at timestamptz not null default now(),
      expires_at timestamptz,
      lease_owner text,
      last_error jsonb,
      traceparent text,
      dead_from text,
      primary key (queue, id)
    );
    -- Delivery order: priority first, then arrival.
    create index typewire_queue_messages_next on typewire_queue_messages (queue, priority desc, seq);
    -- The next row to become visible (delays, retries, leases running out).
    create index typewire_queue_messages_visible on typewire_queue_messages (queue, visible_at);
    -- Arrival order alone, for the drop-oldest overflow policy.
    create index typewire_queue_messages_arrival on typewire_queue_messages (queue, seq);
    -- Only rows with a TTL: the expiry sweep probes this on every idle fetch.
    create index typewire_queue_messages_expiry on typewire_queue_messages (queue, expires_at) where expires_at is not null;
    -- Dead letters by origin queue, for per-queue dead-letter counts.
    create index typewire_queue_messages_dead_from on typewire_queue_messages (dead_from) where dead_from is not null;

    -- Ids seen within the deduplication window, kept after the message is acked.
    create table typewire_queue_dedup (
      queue text not null,
      id text not null,
      seen_at timestamptz not null default now(),
      primary key (queue, id)
    );
    create index typewire_queue_dedup_seen on typewire_queue_dedup (seen_at);

    -- Per-queue counters of stored rows (waiting and in flight), so a
    -- max-length check never counts rows. Every transaction that changes a
    -- depth locks the rows it needs here first, in queue-name order.
    create table typewire_queues (
      queue text primary key,
      depth bigint not null default 0
    );
  `,
};

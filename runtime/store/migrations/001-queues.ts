import type { Migration } from './index.js';

/**
 * Queue messages. One column, `visible_at`, covers a delayed send, a retry
 * delay and a lease: a row is deliverable when `visible_at <= now()`, and a
 * delivery pushes it forward by the lease. A consumer that dies simply lets
 * its lease run out. `attempts` doubles as the lease token: an ack names the
 * attempt it was given and is refused once another delivery took the row.
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
    create index typewire_queue_messages_next on typewire_queue_messages (queue, priority desc, seq);
    create index typewire_queue_messages_visible on typewire_queue_messages (queue, visible_at);

    -- Ids seen within the deduplication window, kept after the message is acked.
    create table typewire_queue_dedup (
      queue text not null,
      id text not null,
      seen_at timestamptz not null default now(),
      primary key (queue, id)
    );
    create index typewire_queue_dedup_seen on typewire_queue_dedup (seen_at);

    -- Per-queue counters, so a max-length check never counts rows.
    create table typewire_queues (
      queue text primary key,
      depth bigint not null default 0
    );
  `,
};

import type { Migration } from './index.js';

/**
 * Event logs: an append-only log per topic (one partition, 0, for now) with
 * consumer-group offsets.
 *
 * `typewire_log_partitions.next_offset` is the offset counter. An append
 * increments it with `update … returning`, which holds the row lock until
 * the appending transaction ends, so the next appender of that partition
 * waits and takes its offsets only after the previous one committed (or, on a
 * rollback, takes the same offsets again). Offsets therefore become visible
 * in offset order and without holes: a reader that has seen offset k has
 * seen everything below it. A bigserial cannot promise that (sequence values
 * are handed out at insert time, not at commit time).
 *
 * `start_offset` is the first retained offset; retention deletes a prefix of
 * the log and moves it forward in the same transaction, so a reader can tell
 * "deleted by retention" from "not written yet".
 *
 * Offsets of a consumer group name the next offset the group will read.
 */
export const EVENT_LOGS_V2: Migration = {
  version: 2,
  name: 'event-logs',
  sql: `
    create table typewire_log_partitions (
      topic text not null,
      partition integer not null default 0,
      next_offset bigint not null default 0,
      start_offset bigint not null default 0,
      primary key (topic, partition)
    );

    create table typewire_log_entries (
      topic text not null,
      partition integer not null,
      log_offset bigint not null,
      envelope bytea not null,
      size integer not null,
      appended_at timestamptz not null default clock_timestamp(),
      primary key (topic, partition, log_offset)
    );
    create index typewire_log_entries_age on typewire_log_entries (topic, partition, appended_at);

    create table typewire_log_group_offsets (
      group_name text not null,
      topic text not null,
      partition integer not null default 0,
      log_offset bigint not null,
      updated_at timestamptz not null default now(),
      primary key (group_name, topic, partition)
    );
  `,
};

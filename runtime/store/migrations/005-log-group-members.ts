import type { Migration } from './index.js';

/**
 * Who reads a topic for a consumer group. A topic has one partition, so a
 * group has one active reader: the subscription that holds this row's lease.
 * Other subscriptions of the group (in other processes) wait on standby and
 * take over when the holder releases the row (a graceful close) or stops
 * renewing it (a crash). Offsets a subscription saves are fenced by the row,
 * so a reader that lost its lease cannot move the group's position.
 */
export const LOG_GROUP_MEMBERS_V5: Migration = {
  version: 5,
  name: 'log-group-members',
  sql: `
    create table typewire_log_group_members (
      group_name text not null,
      topic text not null,
      member text not null,
      lease_until timestamptz not null,
      primary key (group_name, topic)
    );
  `,
};

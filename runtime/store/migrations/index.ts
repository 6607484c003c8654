/**
 * Every schema migration of the message store, in order. Never edit a
 * released migration: add a new one with the next version.
 */
import { QUEUES_V1 } from './001-queues.js';
import { EVENT_LOGS_V2 } from './002-event-logs.js';
import { STORE_FUNCTIONS_V3 } from './003-store-functions.js';
import { DEDUP_BRIN_V4 } from './004-dedup-brin.js';
import { LOG_GROUP_MEMBERS_V5 } from './005-log-group-members.js';
import { HOT_LEASES_V6 } from './006-hot-leases.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One or more statements, run in the migration transaction. */
  readonly sql: string;
}

export const MIGRATIONS: ReadonlyArray<Migration> = [QUEUES_V1, EVENT_LOGS_V2, STORE_FUNCTIONS_V3, DEDUP_BRIN_V4, LOG_GROUP_MEMBERS_V5, HOT_LEASES_V6];

import type { Migration } from './index.js';

/**
 * The deduplication table's expiry index becomes a BRIN index. Every send
 * remembers its id there, and a B-tree entry per id was a measurable part of
 * a send's cost; the index only serves the periodic sweep of ids older than
 * the window (queue-store.ts), and ids arrive in time order, so block ranges
 * summarized by their oldest and newest `seen_at` find them almost as well,
 * at a fraction of the cost per insert. (PostgreSQL and PGlite alike.)
 */
export const DEDUP_BRIN_V4: Migration = {
  version: 4,
  name: 'dedup-brin',
  sql: `
    drop index typewire_queue_dedup_seen;
    create index typewire_queue_dedup_seen on typewire_queue_dedup using brin (seen_at);
  `,
};

import type { Migration } from './index.js';

/**
 * Leases become HOT updates. A lease, renewal, release or retry moves a row's
 * `visible_at`; while `visible_at` was indexed, every one of them wrote a new
 * entry in each of the table's indexes. Without that index, and with room
 * left on each page (fillfactor 80) for the new row version, PostgreSQL
 * updates the row in place of its index entries (a heap-only tuple), and a
 * send writes one index entry fewer.
 *
 * What the index served, the next time a row becomes visible (the consumer's
 * idle probe), now reads the queue's rows through the delivery-order index:
 * the same rows the lease that came back short has just walked.
 */
export const HOT_LEASES_V6: Migration = {
  version: 6,
  name: 'hot-leases',
  sql: `
    drop index typewire_queue_messages_visible;
    alter table typewire_queue_messages set (fillfactor = 80);
  `,
};

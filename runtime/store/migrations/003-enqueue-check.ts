import type { Migration } from './index.js';

/**
 * The check that lets one autocommit statement enqueue a batch
 * (enqueue-statement.ts): it runs after the statement stored the rows and
 * moved the depth counter, and raises when the counter was missing or the
 * queue went over its max length, so the whole statement rolls back and the
 * batch takes the general path (enqueue-transaction.ts) instead. SQL alone
 * cannot abort a statement on a condition; a function can.
 */
export const ENQUEUE_CHECK_V3: Migration = {
  version: 3,
  name: 'enqueue-check',
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
  `,
};

/**
 * Retention: deletes the oldest entries of a topic and moves its start
 * offset forward, in one transaction, so readers see both or neither. Only a
 * prefix is ever deleted, so offsets stay consecutive from the start.
 *
 * The new start is computed from a snapshot without locking the partition:
 * appends go on meanwhile, and since they only add newer entries, a limit
 * computed a moment early keeps a little more than it must, never less. The
 * partition row is locked only by the final, short update.
 */
import type { SqlDatabase, SqlExecutor } from '../sql-database.js';
import { toOffset } from './log-arguments.js';
import type { RetentionPolicy, RetentionResult } from './log-types.js';

/** The first offset appended at or after the cutoff (entries are appended in offset order). */
const AGE_START = `
  select max(log_offset) + 1 as start from typewire_log_entries
  where topic = $1 and partition = 0 and appended_at < now() - $2::float8 * interval '1 millisecond'`;

/** The oldest entry of the newest run of entries that fits in the byte budget. */
const BYTES_START = `
  select min(log_offset) as start from (
    select log_offset, sum(size) over (order by log_offset desc) as tail
    from typewire_log_entries where topic = $1 and partition = 0
  ) newest where tail <= $2::bigint`;

export async function applyRetentionPolicy(db: SqlDatabase, topic: string, policy: RetentionPolicy): Promise<RetentionResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ start_offset: unknown; next_offset: unknown }>(
      'select start_offset, next_offset from typewire_log_partitions where topic = $1 and partition = 0',
      [topic],
    );
    if (!rows[0]) return { topic, deleted: 0, startOffset: 0 };
    const current = toOffset(rows[0].start_offset);
    const end = toOffset(rows[0].next_offset);
    const target = Math.min(end, Math.max(current, ...(await candidateStarts(tx, topic, policy, end))));
    if (target <= current) return { topic, deleted: 0, startOffset: current };
    const deleted = await tx.query('delete from typewire_log_entries where topic = $1 and partition = 0 and log_offset < $2', [topic, target]);
    const moved = await tx.query<{ start_offset: unknown }>(
      'update typewire_log_partitions set start_offset = greatest(start_offset, $2) where topic = $1 and partition = 0 returning start_offset',
      [topic, target],
    );
    return { topic, deleted: deleted.rowCount, startOffset: toOffset(moved.rows[0]!.start_offset) };
  });
}

/** The start offset each limit of the policy asks for. */
async function candidateStarts(tx: SqlExecutor, topic: string, policy: RetentionPolicy, end: number): Promise<number[]> {
  const starts: number[] = [];
  if (policy.maxEntries !== undefined) starts.push(end - policy.maxEntries);
  if (policy.maxAgeMs !== undefined) {
    const { rows } = await tx.query<{ start: unknown }>(AGE_START, [topic, policy.maxAgeMs]);
    if (rows[0]?.start !== null && rows[0]?.start !== undefined) starts.push(toOffset(rows[0].start));
  }
  if (policy.maxBytes !== undefined) {
    const { rows } = await tx.query<{ start: unknown }>(BYTES_START, [topic, policy.maxBytes]);
    // No entry fits (the newest alone is larger than the budget): nothing is kept.
    starts.push(rows[0]?.start !== null && rows[0]?.start !== undefined ? toOffset(rows[0].start) : end);
  }
  return starts;
}

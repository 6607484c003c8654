/**
 * Reading a topic's log. One statement reads the bounds and the entries, so
 * both come from one snapshot: a retention run that deleted a prefix and
 * moved `start_offset` is seen entirely or not at all, and a gap is never
 * mistaken for an empty log.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlExecutor } from '../sql-database.js';
import { toOffset } from './log-arguments.js';
import { toLogEntry, type EntryRow } from './log-codec.js';
import type { LogBounds, LogEntry, LogGap, LogReadResult } from './log-types.js';

const READ_ENTRIES = `
  select p.start_offset, p.next_offset, e.log_offset, e.envelope, e.size, e.appended_at
  from (select start_offset, next_offset from typewire_log_partitions where topic = $1 and partition = 0) p
  left join lateral (
    select log_offset, envelope, size, appended_at from typewire_log_entries
    where topic = $1 and partition = 0 and log_offset >= greatest(coalesce($2::bigint, p.start_offset), p.start_offset)
    order by log_offset
    limit $3
  ) e on true
  order by e.log_offset`;

interface ReadRow extends Partial<EntryRow> {
  readonly start_offset: unknown;
  readonly next_offset: unknown;
}

/** A topic nobody appended to has the bounds [0, 0). */
export async function readBounds(db: SqlExecutor, topic: string): Promise<LogBounds> {
  const { rows } = await db.query<{ start_offset: unknown; next_offset: unknown }>(
    'select start_offset, next_offset from typewire_log_partitions where topic = $1 and partition = 0',
    [topic],
  );
  const row = rows[0];
  return row ? { startOffset: toOffset(row.start_offset), endOffset: toOffset(row.next_offset) } : { startOffset: 0, endOffset: 0 };
}

/**
 * Up to `limit` entries from `fromOffset` (the earliest retained one when
 * undefined). Below the retained start, the read begins at the start and
 * reports a gap; past the end it throws VALIDATION_BAD_ARGUMENT (that offset
 * was never handed out).
 */
export async function readEntries(db: SqlExecutor, topic: string, fromOffset: number | undefined, limit: number): Promise<LogReadResult> {
  const { rows } = await db.query<ReadRow>(READ_ENTRIES, [topic, fromOffset ?? null, limit]);
  const bounds = rows[0] ? { startOffset: toOffset(rows[0].start_offset), endOffset: toOffset(rows[0].next_offset) } : { startOffset: 0, endOffset: 0 };
  const requested = fromOffset ?? bounds.startOffset;
  if (requested > bounds.endOffset) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `event log read: fromOffset ${requested} is past the end of topic "${topic}" (next offset ${bounds.endOffset})`, {
      details: { operation: 'read', argument: 'fromOffset', topic, fromOffset: requested, endOffset: bounds.endOffset },
    });
  }
  const entries: LogEntry[] = [];
  for (const row of rows) if (row.log_offset !== null && row.log_offset !== undefined) entries.push(toLogEntry(topic, row as ReadRow & EntryRow));
  const start = Math.max(requested, bounds.startOffset);
  const gap: LogGap | undefined =
    requested < bounds.startOffset ? { topic, requestedOffset: requested, earliestOffset: bounds.startOffset, missed: bounds.startOffset - requested } : undefined;
  const nextOffset = entries.length > 0 ? entries[entries.length - 1]!.offset + 1 : start;
  return gap ? { entries, nextOffset, gap } : { entries, nextOffset };
}

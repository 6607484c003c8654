/**
 * Consumer-group offsets. A saved offset is the next offset the group will
 * read (the Kafka convention): a group that processed entry 41 saves 42.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlExecutor } from '../sql-database.js';
import { groupHolder } from './group-members-sql.js';
import { toOffset } from './log-arguments.js';

// The offset is refused past the topic's end in the same statement that
// writes it, so a check and a concurrent retention or append cannot interleave.
const SAVE_OFFSET = `
  insert into typewire_log_group_offsets (group_name, topic, partition, log_offset)
  select $1, $2, 0, $3::bigint
  where $3::bigint <= coalesce((select next_offset from typewire_log_partitions where topic = $2 and partition = 0), 0)
  on conflict (group_name, topic, partition) do update set log_offset = excluded.log_offset, updated_at = now()`;

// SAVE_OFFSET, only while member $4 holds the group's lease on the topic (group-members-sql.ts).
const SAVE_HELD_OFFSET = SAVE_OFFSET.replace(
  'on conflict',
  'and exists (select 1 from typewire_log_group_members where group_name = $1 and topic = $2 and member = $4)\n  on conflict',
);

/**
 * Saves `offset` for `group` on `topic`; VALIDATION_BAD_ARGUMENT, naming
 * `operation`, when it is past the topic's end.
 */
export async function saveGroupOffset(db: SqlExecutor, group: string, topic: string, offset: number, operation = 'commitOffset'): Promise<void> {
  const { rowCount } = await db.query(SAVE_OFFSET, [group, topic, offset]);
  if (rowCount === 1) return;
  throw await pastEnd(db, group, topic, offset, operation);
}

/**
 * As saveGroupOffset, for the subscription `member`: false, and nothing
 * saved, when another member holds the group's lease (this one lost it).
 */
export async function saveHeldGroupOffset(db: SqlExecutor, group: string, topic: string, offset: number, member: string): Promise<boolean> {
  const { rowCount } = await db.query(SAVE_HELD_OFFSET, [group, topic, offset, member]);
  if (rowCount === 1) return true;
  if ((await groupHolder(db, group, topic)) !== member) return false;
  throw await pastEnd(db, group, topic, offset, 'subscribe');
}

async function pastEnd(db: SqlExecutor, group: string, topic: string, offset: number, operation: string): Promise<TypewireError> {
  const { rows } = await db.query<{ next_offset: unknown }>('select next_offset from typewire_log_partitions where topic = $1 and partition = 0', [topic]);
  const end = rows[0] ? toOffset(rows[0].next_offset) : 0;
  return new TypewireError('VALIDATION_BAD_ARGUMENT', `event log ${operation}: offset ${offset} is past the end of topic "${topic}" (next offset ${end})`, {
    details: { operation, argument: 'offset', group, topic, offset, endOffset: end },
  });
}

/** The saved offset of `group` on `topic`, or undefined when it never saved one. */
export async function loadGroupOffset(db: SqlExecutor, group: string, topic: string): Promise<number | undefined> {
  const { rows } = await db.query<{ log_offset: unknown }>(
    'select log_offset from typewire_log_group_offsets where group_name = $1 and topic = $2 and partition = 0',
    [group, topic],
  );
  return rows[0] ? toOffset(rows[0].log_offset) : undefined;
}

/**
 * The append statements, run inside a caller's transaction.
 *
 * The offset counter is a row (typewire_log_partitions.next_offset) bumped
 * with an upsert. The row lock that takes is held until the transaction
 * ends, so appends to one partition run one after another and each takes
 * its offsets only after the previous one committed: offsets become visible
 * in offset order, with no holes for a reader to skip over.
 */
import type { Envelope } from '../../envelope.js';
import type { SqlExecutor } from '../sql-database.js';
import { checkTopic, toOffset } from './log-arguments.js';
import { encodeLogFrame, type AppendOptions } from './log-codec.js';

/** The NOTIFY channel appends signal on; the payload is the topic. */
export const LOG_CHANNEL = 'typewire_log';

const RESERVE_OFFSETS = `
  insert into typewire_log_partitions (topic, partition, next_offset) values ($1, 0, $2)
  on conflict (topic, partition) do update set next_offset = typewire_log_partitions.next_offset + excluded.next_offset
  returning next_offset`;

const INSERT_ENTRIES = `
  insert into typewire_log_entries (topic, partition, log_offset, envelope, size)
  select $1, 0, $2::bigint + u.ord - 1, u.frame, octet_length(u.frame)
  from unnest($3::bytea[]) with ordinality as u(frame, ord)`;

/**
 * Appends envelopes to `topic` inside a transaction the caller owns (for
 * example to write an event in the same transaction as the state change it
 * announces) and returns their offsets. They become visible, and
 * subscribers are woken, when `tx` commits; a rollback gives the offsets to
 * the next appender.
 *
 * Holding `tx` open after this call holds up every other appender of the
 * topic until it ends: that is the price of commit-ordered offsets. Keep such
 * transactions short; `EventLog.append` needs no transaction of its own. A
 * transaction that appends to several topics should take them in sorted
 * order, as `EventLog` does, or two such transactions can deadlock.
 */
export async function appendInTransaction<T>(tx: SqlExecutor, topic: string, envelopes: ReadonlyArray<Envelope<T>>, options: AppendOptions<T> = {}): Promise<number[]> {
  checkTopic(topic);
  if (envelopes.length === 0) return [];
  const frames = envelopes.map((envelope) => encodeLogFrame(envelope, options.descriptor));
  const first = await appendFrames(tx, topic, frames);
  return frames.map((_, i) => first + i);
}

/**
 * Appends `frames` (non-empty, encoded envelopes, topic already checked) and
 * returns the first offset they got; the rest follow consecutively.
 */
export async function appendFrames(tx: SqlExecutor, topic: string, frames: ReadonlyArray<Uint8Array>): Promise<number> {
  const reserved = await tx.query<{ next_offset: unknown }>(RESERVE_OFFSETS, [topic, frames.length]);
  const first = toOffset(reserved.rows[0]!.next_offset) - frames.length;
  // `pg` serializes only Buffers inside arrays as bytea; a Buffer view costs no copy.
  const buffers = frames.map((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  await tx.query(INSERT_ENTRIES, [topic, first, buffers]);
  await tx.query('select pg_notify($1, $2)', [LOG_CHANNEL, topic]);
  return first;
}

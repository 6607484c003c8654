/**
 * `typewire dlq …`: dead letters as an operator reads them. `<queue>` may
 * name the dead-letter queue itself or the queue the messages died in; the
 * latter is looked up (its dead letters' `dead_from`), so both
 * `dlq list fulfillmentDead` and `dlq list fulfillment` work.
 */
import { decodeUntyped } from '../../runtime/codec/untyped-codec.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import type { MessageDescriptor } from '../../runtime/descriptors.js';
import type { DeadLetter, QueueStore } from '../../runtime/store/queue/index.js';
import type { SqlDatabase } from '../../runtime/store/sql-database.js';

/** Which dead-letter queue(s) to read, and the origin filter when `<queue>` named an origin. */
export interface DeadLetterTarget {
  readonly deadLetterQueue: string;
  readonly origin?: string;
}

export async function resolveDeadLetterTargets(db: SqlDatabase, queue: string): Promise<DeadLetterTarget[]> {
  const asDlq = await db.query<{ n: number }>('select count(*)::int as n from typewire_queue_messages where queue = $1 and dead_from is not null', [queue]);
  if (Number(asDlq.rows[0]?.n ?? 0) > 0) return [{ deadLetterQueue: queue }];
  const asOrigin = await db.query<{ queue: string }>('select distinct queue from typewire_queue_messages where dead_from = $1 order by queue', [queue]);
  if (asOrigin.rows.length > 0) return asOrigin.rows.map((r) => ({ deadLetterQueue: r.queue, origin: queue }));
  const known = await db.query('select 1 from typewire_queues where queue = $1', [queue]);
  if (known.rows.length > 0) return [{ deadLetterQueue: queue }];
  throw new TypewireError('NOT_FOUND_QUEUE', `no queue or dead-letter queue "${queue}" in the database`, { details: { queue } });
}

/** A dead letter in plain JSON: ids, reason, headers and the payload decoded when its codec allows. */
export interface DeadLetterView {
  readonly id: string;
  readonly queue: string;
  readonly origin: string;
  readonly deadAt: string;
  readonly reason: DeadLetter['reason'];
  readonly type: string;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The payload as JSON (int64 as decimal strings, bytes as `{ base64 }`), or
   * `{ base64 }` when it is msgpack written with schema records and no
   * schema was given to decode it.
   */
  readonly payload?: unknown;
}

/** The message type of a letter's origin queue, from `--schemas`; undefined decodes without one. */
export type PayloadSchema = MessageDescriptor<unknown> | undefined;

function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : v)));
}

function decodePayload(letter: DeadLetter, schema: PayloadSchema): unknown {
  const bytes = letter.envelope.payload;
  if (schema !== undefined) {
    // A payload its own schema cannot decode is itself the finding: say so, with the bytes.
    try {
      return jsonSafe(schema[letter.codec].decode(bytes));
    } catch (error) {
      return { base64: Buffer.from(bytes).toString('base64'), decodeError: error instanceof Error ? error.message : String(error) };
    }
  }
  try {
    if (letter.codec === 'json') return JSON.parse(Buffer.from(bytes).toString('utf8'));
    return jsonSafe(decodeUntyped(bytes));
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

/** `payload`: leave it out (false), decode it without a schema (true), or with its origin queue's message type. */
export function viewOf(letter: DeadLetter, payload: boolean | { readonly schema: MessageDescriptor<unknown> }): DeadLetterView {
  return {
    id: letter.id,
    queue: letter.queue,
    origin: letter.origin,
    deadAt: new Date(letter.deadAt).toISOString(),
    reason: letter.reason,
    type: letter.envelope.type,
    headers: letter.envelope.headers ?? {},
    ...(payload === false ? {} : { payload: decodePayload(letter, payload === true ? undefined : payload.schema) }),
  };
}

/** Every letter of the targets, oldest first, up to `limit`. */
export async function listLetters(store: QueueStore, targets: ReadonlyArray<DeadLetterTarget>, limit: number): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (const target of targets) {
    let after: string | undefined;
    do {
      const page = await store.listDeadLetters(target.deadLetterQueue, { limit: Math.min(1000, limit - out.length), ...(after ? { after } : {}), ...(target.origin ? { origin: target.origin } : {}) });
      out.push(...page.letters);
      after = page.next;
    } while (after !== undefined && out.length < limit);
  }
  return out.slice(0, limit);
}

export async function findLetter(store: QueueStore, targets: ReadonlyArray<DeadLetterTarget>, id: string): Promise<DeadLetter> {
  const letters = await listLetters(store, targets, Number.MAX_SAFE_INTEGER);
  const found = letters.find((l) => l.id === id);
  if (found === undefined) throw new TypewireError('NOT_FOUND_DEAD_LETTER', `no dead letter "${id}" in ${targets.map((t) => t.deadLetterQueue).join(', ')}`, { details: { id } });
  return found;
}

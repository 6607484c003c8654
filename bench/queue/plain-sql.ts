/**
 * The plain SQL baselines: what a team writes by hand on the same database,
 * without a queue library. One table (id, queue, payload, enqueued_at), rows
 * carrying the same stored bytes typewire writes.
 *
 * - send: a single-row INSERT, each its own transaction (autocommit); and a
 *   100-row INSERT per transaction as the ceiling of writing rows at all.
 * - dequeue+ack: in one transaction, SELECT … FOR UPDATE SKIP LOCKED a
 *   batch in arrival order, then DELETE the batch by id (the ack) and COMMIT;
 *   at least once, like the queues it is compared with.
 */
import pg from 'pg';
import type { SqlDatabase, SqlExecutor } from '../../runtime/store/sql-database.js';

/** What the baselines need: autocommit statements and transactions; PGlite's SqlDatabase already is one. */
export type PlainDatabase = Pick<SqlDatabase, 'query' | 'transaction'>;

export const PLAIN_TABLE = `
  create table if not exists bench_plain_queue (
    id bigserial primary key,
    queue text not null,
    payload bytea not null,
    enqueued_at timestamptz not null default now()
  );
  create index if not exists bench_plain_queue_next on bench_plain_queue (queue, id)`;

const INSERT_ONE = 'insert into bench_plain_queue (queue, payload) values ($1, $2)';
const INSERT_MANY = 'insert into bench_plain_queue (queue, payload) select $1, p from unnest($2::bytea[]) as p';
const SELECT_BATCH = 'select id, payload from bench_plain_queue where queue = $1 order by id limit $2 for update skip locked';
const DELETE_BATCH = 'delete from bench_plain_queue where id = any($1::bigint[])';

/** A raw `pg` pool (no typewire code in the way) in PlainDatabase's shape. */
export function plainPool(url: string, max: number): PlainDatabase & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return {
    async query<Row>(text: string, params?: ReadonlyArray<unknown>) {
      const result = await pool.query(text, params as unknown[] | undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx: SqlExecutor = {
        query: async <Row>(text: string, params?: ReadonlyArray<unknown>) => {
          const result = await client.query(text, params as unknown[] | undefined);
          return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
        },
        exec: async (sql: string) => {
          await client.query(sql);
        },
      };
      try {
        await client.query('begin');
        const value = await work(tx);
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

export async function createPlainTable(db: Pick<SqlDatabase, 'query'>): Promise<void> {
  for (const statement of PLAIN_TABLE.split(';')) await db.query(statement);
}

export async function insertOne(db: PlainDatabase, queue: string, payload: Buffer): Promise<void> {
  await db.query(INSERT_ONE, [queue, payload]);
}

export async function insertMany(db: PlainDatabase, queue: string, payloads: ReadonlyArray<Buffer>): Promise<void> {
  await db.query(INSERT_MANY, [queue, payloads]);
}

/** Takes and deletes up to `max` rows in one transaction; returns how many. */
export async function dequeueAndDelete(db: PlainDatabase, queue: string, max: number): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; payload: Uint8Array }>(SELECT_BATCH, [queue, max]);
    if (rows.length > 0) await tx.query(DELETE_BATCH, [rows.map((row) => row.id)]);
    return rows.length;
  });
}

export async function plainDepth(db: Pick<SqlDatabase, 'query'>, queue: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from bench_plain_queue where queue = $1', [queue]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * SqlDatabase on PostgreSQL through a `pg` pool. Every pool and client has an
 * `error` listener: a database restart surfaces as PERSISTENCE_UNAVAILABLE on
 * the operations that were running, never as an uncaught exception.
 */
import pg from 'pg';
import { createBackoff } from '../net/backoff.js';
import { TypewireError } from '../errors/typewire-error.js';
import { toPersistenceError } from './database-errors.js';
import type { QueryOptions, SqlDatabase, SqlExecutor, SqlResult } from './sql-database.js';

export interface PgDatabaseOptions {
  /** A PostgreSQL connection string, e.g. `postgres://user@127.0.0.1:5432/db`. */
  readonly url: string;
  /** Pool size. Default 10. */
  readonly maxConnections?: number;
  /** Called with errors nobody awaits (an idle connection dropped, a listener reconnecting). */
  readonly onError?: (error: TypewireError) => void;
}

function queryConfig(text: string, params: ReadonlyArray<unknown> | undefined, options: QueryOptions | undefined): pg.QueryConfig {
  const values = params as unknown[] | undefined;
  return options?.prepareAs === undefined ? { text, ...(values ? { values } : {}) } : { name: options.prepareAs, text, ...(values ? { values } : {}) };
}

export async function openPgDatabase(options: PgDatabaseOptions): Promise<SqlDatabase> {
  const database = new PgDatabase(options);
  await database.query('select 1');
  return database;
}

class PgDatabase implements SqlDatabase {
  readonly backend = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private listenClient: pg.Client | undefined;
  private listenConnecting: Promise<void> | undefined;
  private listenAttempt = 0;
  private readonly backoff = createBackoff({ initialMs: 100, maxMs: 5_000 });
  private closed = false;

  constructor(private readonly options: PgDatabaseOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    this.pool.on('error', (error) => this.report(error, 'idle connection'));
  }

  async query<Row>(text: string, params?: ReadonlyArray<unknown>, options?: QueryOptions): Promise<SqlResult<Row>> {
    this.assertOpen();
    try {
      const result = await this.pool.query(queryConfig(text, params, options));
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw toPersistenceError(error, 'query');
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toPersistenceError(error, 'connect');
    }
    const tx: SqlExecutor = {
      query: async <Row>(text: string, params?: ReadonlyArray<unknown>, options?: QueryOptions) => {
        const result = await client.query(queryConfig(text, params, options));
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      },
      exec: async (sql: string) => {
        await client.query(sql);
      },
    };
    let broken: unknown;
    // pg-pool removes its error listener from a checked-out client: without this one, a
    // server dying between two statements of the transaction is an uncaught 'error' event.
    const onConnectionError = (error: Error): void => {
      broken ??= error;
    };
    client.on('error', onConnectionError);
    try {
      await client.query('begin');
      const value = await work(tx);
      await client.query('commit');
      return value;
    } catch (error) {
      broken = error;
      await client.query('rollback').catch(() => undefined);
      throw toPersistenceError(error, 'transaction');
    } finally {
      client.removeListener('error', onConnectionError);
      // A connection that failed mid-transaction is destroyed, not reused.
      client.release(broken !== undefined && !(broken instanceof TypewireError) ? (broken as Error) : undefined);
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    this.assertOpen();
    let set = this.listeners.get(channel);
    const fresh = !set;
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(onNotify);
    await this.ensureListenClient();
    if (fresh && this.listenClient) await this.listenClient.query(`listen ${pg.escapeIdentifier(channel)}`).catch((e: unknown) => this.report(e, 'listen'));
    return async () => {
      set!.delete(onNotify);
      if (set!.size === 0) {
        this.listeners.delete(channel);
        await this.listenClient?.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = this.listenClient;
    this.listenClient = undefined;
    await client?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private ensureListenClient(): Promise<void> {
    if (this.listenClient || this.closed) return Promise.resolve();
    this.listenConnecting ??= this.connectListener().finally(() => (this.listenConnecting = undefined));
    return this.listenConnecting;
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('error', (error) => this.report(error, 'listener'));
    client.on('notification', (message) => {
      for (const handler of this.listeners.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('end', () => {
      if (this.listenClient !== client || this.closed) return;
      this.listenClient = undefined;
      this.scheduleListenerReconnect();
    });
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.report(error, 'listener connect');
      this.scheduleListenerReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listenAttempt = 0;
    this.listenClient = client;
    // Whatever was notified while the listener was away is not lost: consumers
    // also poll, and a reconnect counts as a notification on every channel.
    for (const [, handlers] of this.listeners) for (const handler of handlers) handler('');
  }

  private scheduleListenerReconnect(): void {
    if (this.closed || this.listeners.size === 0) return;
    const timer = setTimeout(() => void this.ensureListenClient(), this.backoff(this.listenAttempt++));
    timer.unref();
  }

  private report(error: unknown, context: string): void {
    this.options.onError?.(toPersistenceError(error, context));
  }

  private assertOpen(): void {
    if (this.closed) throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'the database was closed');
  }
}

/**
 * The one database interface the durable queues and event logs are written
 * against. PostgreSQL (through `pg`) and PGlite (embedded) both implement it,
 * so the same SQL runs on each; nothing above this file imports a driver.
 */

export interface SqlResult<Row> {
  readonly rows: Row[];
  /** Rows inserted, updated or deleted (0 for a plain SELECT on some drivers). */
  readonly rowCount: number;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared under this name on each PostgreSQL
   * connection: parsed and planned once, then run with a cached generic plan.
   * Only for statements whose every plan is right whatever size the tables
   * were when it was cached (no choice between scans, no joins on tables);
   * PGlite ignores it.
   */
  readonly prepareAs?: string;
}

export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters. */
  query<Row = Record<string, unknown>>(text: string, params?: ReadonlyArray<unknown>, options?: QueryOptions): Promise<SqlResult<Row>>;
  /** Runs one or more `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type SqlBackend = 'postgres' | 'pglite';

export interface SqlDatabase extends SqlExecutor {
  readonly backend: SqlBackend;
  /**
   * Runs `work` in one transaction on one connection: committed when it
   * resolves, rolled back when it throws (and the error rethrown).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` until the returned function
   * is called. On PostgreSQL the listening connection reconnects by itself.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Closes every connection; later calls reject with PERSISTENCE_UNAVAILABLE. */
  close(): Promise<void>;
}

/**
 * SqlDatabase on PGlite: PostgreSQL compiled to WebAssembly, in this process,
 * in memory or in a data directory. It is the embedded default: nothing to
 * install, the same SQL as production. PGlite is one connection, so
 * transactions run one after another (it serializes them itself).
 */
import type { PGlite } from '@electric-sql/pglite';
import { TypewireError } from '../errors/typewire-error.js';
import { toPersistenceError } from './database-errors.js';
import { lockFolder, type FolderLock } from './folder-lock.js';
import type { SqlDatabase, SqlExecutor, SqlResult } from './sql-database.js';

export interface PgliteDatabaseOptions {
  /** A directory to keep the data in; in memory when absent. */
  readonly dataDir?: string;
}

export async function openPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<SqlDatabase> {
  // Loaded on demand: the WebAssembly module is large and many runtimes never need it.
  const { PGlite } = await import('@electric-sql/pglite');
  const lock = options.dataDir === undefined ? undefined : lockFolder(options.dataDir);
  try {
    return new PgliteDatabase(await PGlite.create(options.dataDir), lock);
  } catch (error) {
    lock?.release();
    throw toPersistenceError(error, 'open');
  }
}

class PgliteDatabase implements SqlDatabase {
  readonly backend = 'pglite' as const;
  private closed = false;

  constructor(
    private readonly db: PGlite,
    /** Held while the data folder is open (folder-lock.ts); none in memory. */
    private readonly lock: FolderLock | undefined,
  ) {}

  async query<Row>(text: string, params?: ReadonlyArray<unknown>): Promise<SqlResult<Row>> {
    this.assertOpen();
    try {
      const result = await this.db.query<Row>(text, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    } catch (error) {
      throw toPersistenceError(error, 'query');
    }
  }

  async exec(sql: string): Promise<void> {
    this.assertOpen();
    try {
      await this.db.exec(sql);
    } catch (error) {
      throw toPersistenceError(error, 'exec');
    }
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await this.db.transaction(async (inner) =>
        work({
          query: async <Row>(text: string, params?: ReadonlyArray<unknown>) => {
            const result = await inner.query<Row>(text, params as unknown[] | undefined);
            return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
          },
          exec: async (sql: string) => {
            await inner.exec(sql);
          },
        }),
      );
    } catch (error) {
      throw toPersistenceError(error, 'transaction');
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    this.assertOpen();
    const unlisten = await this.db.listen(channel, onNotify);
    return async () => {
      if (!this.closed) await unlisten();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'the database was closed');
  }
}

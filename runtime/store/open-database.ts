/**
 * Opens the message store's database: PostgreSQL when a URL is given, PGlite
 * (embedded) otherwise. Migrations run before it is returned.
 */
import type { TypewireError } from '../errors/typewire-error.js';
import { migrate } from './migrations.js';
import { openPgDatabase } from './pg-database.js';
import { openPgliteDatabase } from './pglite-database.js';
import type { SqlDatabase } from './sql-database.js';

export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL; absent for embedded PGlite. */
  readonly url?: string;
  /** PGlite's data directory; absent keeps PGlite in memory. Ignored with `url`. */
  readonly dataDir?: string;
  /** PostgreSQL pool size. Default 10. */
  readonly maxConnections?: number;
  readonly onError?: (error: TypewireError) => void;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<SqlDatabase> {
  const database =
    options.url !== undefined
      ? await openPgDatabase({ url: options.url, ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}), ...(options.onError ? { onError: options.onError } : {}) })
      : await openPgliteDatabase(options.dataDir !== undefined ? { dataDir: options.dataDir } : {});
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

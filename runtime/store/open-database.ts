/**
 * Opens the message store's database: PostgreSQL when a URL is given, PGlite
 * (embedded) otherwise. Migrations run before it is returned.
 */
import type { TypewireError } from '../errors/typewire-error.js';
import { migrate } from './migrations.js';
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

/**
 * Opens and migrates the database. The driver is imported here, on demand, so
 * `import 'typewire'` loads neither `pg` nor PGlite's WebAssembly.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<SqlDatabase> {
  const database =
    options.url !== undefined
      ? await (await import('./pg-database.js')).openPgDatabase({ url: options.url, ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}), ...(options.onError ? { onError: options.onError } : {}) })
      : await (await import('./pglite-database.js')).openPgliteDatabase(options.dataDir !== undefined ? { dataDir: options.dataDir } : {});
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

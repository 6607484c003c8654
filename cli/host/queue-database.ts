/**
 * Opens the database behind `queues.store` (typewire.yaml) and the durable
 * queue store on it. `memory` opens nothing: queues then live in the
 * runtime's own memory and vanish on exit.
 */
import { isAbsolute, resolve } from 'node:path';
import type { QueueSettings } from '../../runtime/config/config-schema.js';
import type { TypewireError } from '../../runtime/errors/typewire-error.js';
import { openDatabase } from '../../runtime/store/open-database.js';
import { QueueStore } from '../../runtime/store/queue/index.js';
import type { SqlDatabase } from '../../runtime/store/sql-database.js';

export interface QueueDatabase {
  readonly kind: QueueSettings['store'];
  /** Absent for the memory store. */
  readonly db: SqlDatabase | undefined;
  readonly store: QueueStore | undefined;
  /** The PGlite data folder, when the database lives in one. */
  readonly dataDir?: string;
  /** Closes the store (waiting for its pending commits), then the database. */
  close(): Promise<void>;
}

export interface OpenQueueDatabaseOptions {
  /** A relative PGlite data folder is taken from here (the config file's folder). Default: the working directory. */
  readonly baseDir?: string;
  readonly onError?: (error: TypewireError, context: string) => void;
}

/** Where a database lives, as `openDatabase` takes it: `{ url }`, `{ dataDir }` or `{}` (PGlite in memory). */
export type DatabaseLocation = { readonly url: string } | { readonly dataDir: string } | Record<string, never>;

export function locationOf(settings: QueueSettings, baseDir = process.cwd()): DatabaseLocation | undefined {
  if (settings.store === 'memory') return undefined;
  if (settings.store === 'postgres') return { url: settings.url! };
  if (settings.url === undefined || settings.url === 'memory://') return {};
  return { dataDir: isAbsolute(settings.url) ? settings.url : resolve(baseDir, settings.url) };
}

/** Opens `location` (migrations run first) and a QueueStore on it. Throws PERSISTENCE_UNAVAILABLE when unreachable. */
export async function openQueueDatabase(settings: QueueSettings, options: OpenQueueDatabaseOptions = {}): Promise<QueueDatabase> {
  const location = locationOf(settings, options.baseDir);
  if (location === undefined) return { kind: 'memory', db: undefined, store: undefined, close: async () => {} };
  const onError = options.onError;
  const db = await openDatabase({ ...location, ...(onError ? { onError: (error: TypewireError) => onError(error, 'database') } : {}) });
  const store = new QueueStore(db, onError ? { onError } : {});
  return {
    kind: settings.store,
    db,
    store,
    ...('dataDir' in location ? { dataDir: location.dataDir } : {}),
    close: async () => {
      try {
        await store.close();
      } finally {
        await db.close();
      }
    },
  };
}

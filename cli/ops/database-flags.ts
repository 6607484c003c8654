/**
 * How the operations commands (queue, dlq, consumer) find the database:
 * `--database-url`, `--data-dir` (a PGlite folder), or the `queues` section
 * of `--config`. They talk to it directly, so they work with no host running.
 * A PGlite folder can be open in one process only: while `typewire serve`
 * holds it, opening it fails with PERSISTENCE_LOCKED, which names the admin
 * URL the configuration gives that host, for `--admin`.
 */
import { Flags } from '@oclif/core';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../../runtime/config/load-config.js';
import { isTypewireError, TypewireError } from '../../runtime/errors/typewire-error.js';
import { openDatabase } from '../../runtime/store/open-database.js';
import { QueueStore } from '../../runtime/store/queue/index.js';
import type { SqlDatabase } from '../../runtime/store/sql-database.js';
import type { HostStatus } from '../host/host-status.js';
import { locationOf, type DatabaseLocation } from '../host/queue-database.js';
import { fetchStatus } from './admin-status.js';

export const databaseFlags = {
  config: Flags.string({ char: 'c', description: 'Read queues.store / queues.url from this configuration file', exclusive: ['database-url', 'data-dir'] }),
  'database-url': Flags.string({ description: 'PostgreSQL connection string (postgres://…)', exclusive: ['data-dir'] }),
  'data-dir': Flags.string({ description: 'PGlite data folder' }),
};

export interface DatabaseFlagValues {
  readonly config?: string | undefined;
  readonly 'database-url'?: string | undefined;
  readonly 'data-dir'?: string | undefined;
}

export interface ResolvedLocation {
  readonly location: DatabaseLocation;
  /** The admin server a host started with this configuration listens on, when it has one. */
  readonly adminUrl?: string;
}

export async function resolveLocation(flags: DatabaseFlagValues): Promise<ResolvedLocation> {
  if (flags['database-url'] !== undefined) return { location: { url: flags['database-url'] } };
  if (flags['data-dir'] !== undefined) return { location: { dataDir: resolve(flags['data-dir']) } };
  const file = resolve(flags.config ?? 'typewire.yaml');
  const config = await loadConfig(file);
  const location = locationOf(config.queues, dirname(file));
  if (location === undefined) {
    throw new TypewireError('CONFIG_INVALID', `${flags.config ?? 'typewire.yaml'}: queues.store is memory, so there is no database to read; use --admin http://host:port of the running host`, {
      details: { pointer: '/queues/store', file },
    });
  }
  if (!('url' in location) && !('dataDir' in location)) {
    throw new TypewireError('CONFIG_INVALID', `${flags.config ?? 'typewire.yaml'}: queues.url is unset, so PGlite keeps the queues in the host's memory; use --admin http://host:port`, {
      details: { pointer: '/queues/url', file },
    });
  }
  const { metrics } = config;
  // Port 0 means "any free port": the URL is known only to the host, which writes it into the folder's lock.
  return metrics.enabled && metrics.port !== 0 ? { location, adminUrl: `http://${urlHost(metrics.host)}:${metrics.port}` } : { location };
}

/** 0.0.0.0 and :: listen everywhere; a client reaches them on loopback. IPv6 literals get brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export interface OpsStore {
  readonly db: SqlDatabase;
  readonly store: QueueStore;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the database the flags name. A PGlite folder another
 * process holds is PERSISTENCE_LOCKED with `details.adminUrl`: the holder's
 * own admin URL from its lock, else the one the configuration gives a host.
 */
export async function openOpsDatabase(flags: DatabaseFlagValues): Promise<SqlDatabase> {
  const { location, adminUrl } = await resolveLocation(flags);
  return openDatabase(location).catch((error: unknown) => {
    if (!isTypewireError(error) || error.code !== 'PERSISTENCE_LOCKED' || lockedAdminUrl(error) !== undefined || adminUrl === undefined) throw error;
    throw new TypewireError(error.code, `${error.message} The host this configuration starts serves its admin endpoint at ${adminUrl}.`, {
      details: { ...(error.details as object), adminUrl },
      cause: error,
    });
  });
}

/** Where to read a folder's queues instead, when `error` says another process holds it. */
export function lockedAdminUrl(error: unknown): string | undefined {
  if (!isTypewireError(error) || error.code !== 'PERSISTENCE_LOCKED') return undefined;
  const { adminUrl } = (error.details ?? {}) as { adminUrl?: unknown };
  return typeof adminUrl === 'string' ? adminUrl : undefined;
}

/** Opens the database the flags name and a QueueStore on it; `work` runs, then both close. */
export async function withStore<T>(flags: DatabaseFlagValues, work: (ops: OpsStore) => Promise<T>): Promise<T> {
  const db = await openOpsDatabase(flags);
  const store = new QueueStore(db);
  const ops: OpsStore = { db, store, close: async () => { await store.close(); await db.close(); } };
  try {
    return await work(ops);
  } finally {
    await ops.close();
  }
}

/**
 * As withStore; but when a running host holds the PGlite folder and its admin
 * URL is known, `fromHost` reads that host's status instead (`note` says so).
 * If the host cannot be reached either, the PERSISTENCE_LOCKED error stands;
 * an error of `fromHost` itself (no such queue) is the command's error.
 */
export async function withStoreOrHost<T>(
  flags: DatabaseFlagValues,
  work: (ops: OpsStore) => Promise<T>,
  fromHost: (status: HostStatus) => T,
  note: (line: string) => void,
): Promise<T> {
  try {
    return await withStore(flags, work);
  } catch (error) {
    const adminUrl = lockedAdminUrl(error);
    if (adminUrl === undefined) throw error;
    const status = await fetchStatus(adminUrl).catch(() => {
      throw error;
    });
    const { folder } = (error as TypewireError).details as { folder: string };
    note(`note: ${folder} is held by a running host; read from its admin endpoint ${adminUrl}`);
    return fromHost(status);
  }
}

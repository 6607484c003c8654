/**
 * Databases for store tests: PGlite in memory (always), and a fresh database
 * on the machine's PostgreSQL (127.0.0.1:5432) per call, dropped afterwards.
 * With CI=true a missing PostgreSQL fails loudly; elsewhere those tests skip
 * with the reason printed.
 */
import pg from 'pg';
import { openDatabase } from '../../../runtime/store/open-database.js';
import type { SqlDatabase } from '../../../runtime/store/sql-database.js';

export const PG_ADMIN_URL = process.env.TYPEWIRE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let availability: Promise<string | undefined> | undefined;

/** undefined when PostgreSQL answers; otherwise why not. */
export function postgresUnavailable(): Promise<string | undefined> {
  availability ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (error) {
      return `PostgreSQL at ${PG_ADMIN_URL} is not reachable: ${(error as Error).message}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return availability;
}

/** Throws under CI when PostgreSQL is missing; returns false (after printing why) elsewhere. */
export async function requirePostgres(): Promise<boolean> {
  const reason = await postgresUnavailable();
  if (!reason) return true;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: PostgreSQL tests must run)`);
  console.warn(`skipping PostgreSQL tests: ${reason}`);
  return false;
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the local PostgreSQL and returns its URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `typewire_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: ReadonlyArray<Backend> = ['pglite', 'postgres'];

export interface OpenedDatabase {
  readonly db: SqlDatabase;
  readonly url?: string;
  close(): Promise<void>;
}

/** Opens a migrated database on `backend`; undefined when PostgreSQL is skipped. */
export async function openTestDatabase(backend: Backend): Promise<OpenedDatabase | undefined> {
  if (backend === 'pglite') {
    const db = await openDatabase();
    return { db, close: () => db.close() };
  }
  if (!(await requirePostgres())) return undefined;
  const created = await createTestDatabase();
  const db = await openDatabase({ url: created.url });
  return {
    db,
    url: created.url,
    close: async () => {
      await db.close();
      await created.drop();
    },
  };
}

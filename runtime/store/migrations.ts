/**
 * Versioned schema migrations, applied at start. Several processes may start
 * at once: each takes a transaction-scoped advisory lock first, so exactly one
 * applies a version and the others see it applied. A database already at a
 * newer version than this code knows is refused rather than written to.
 */
import { TypewireError } from '../errors/typewire-error.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import type { SqlDatabase } from './sql-database.js';

/** An arbitrary constant: the advisory lock key all typewire migrations share. */
const MIGRATION_LOCK_KEY = 7_420_001;

export async function migrate(database: SqlDatabase, migrations: ReadonlyArray<Migration> = MIGRATIONS): Promise<number> {
  const latest = migrations.at(-1)?.version ?? 0;
  try {
    return await database.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.query(`create table if not exists typewire_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`);
      const { rows } = await tx.query<{ version: number | null }>('select max(version) as version from typewire_migrations');
      const current = Number(rows[0]?.version ?? 0);
      if (current > latest) {
        throw new TypewireError('PERSISTENCE_MIGRATION_FAILED', `the database is at schema version ${current}, newer than this typewire knows (${latest}); upgrade typewire`, {
          details: { current, latest },
        });
      }
      for (const migration of migrations) {
        if (migration.version <= current) continue;
        await tx.exec(migration.sql);
        await tx.query('insert into typewire_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      }
      return latest;
    });
  } catch (error) {
    if (error instanceof TypewireError && error.code !== 'PERSISTENCE_FAILED') throw error;
    throw new TypewireError('PERSISTENCE_MIGRATION_FAILED', `migrating the message store failed: ${(error as Error).message}`, { cause: error });
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../runtime/store/open-database.js';
import { migrate } from '../../../runtime/store/migrations.js';
import { MIGRATIONS } from '../../../runtime/store/migrations/index.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from './databases.js';

describe('store migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('applies every migration once on PGlite and records it', async () => {
    const db = await openDatabase();
    cleanups.push(() => db.close());
    const { rows } = await db.query<{ version: number }>('select version from typewire_migrations order by version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toBe(MIGRATIONS.at(-1)!.version);
    const again = await db.query<{ n: string }>('select count(*)::text as n from typewire_migrations');
    expect(Number(again.rows[0]!.n)).toBe(MIGRATIONS.length);
  });

  it('refuses a database newer than this code', async () => {
    const db = await openDatabase();
    cleanups.push(() => db.close());
    await db.query("insert into typewire_migrations (version, name) values (9999, 'future')");
    await expect(migrate(db)).rejects.toMatchObject({ code: 'PERSISTENCE_MIGRATION_FAILED', details: { current: 9999 } });
  });

  it('is safe when several processes migrate one PostgreSQL database at once', async () => {
    if (!(await requirePostgres())) return;
    const created: TestDatabase = await createTestDatabase();
    cleanups.push(() => created.drop());
    const dbs = await Promise.all(Array.from({ length: 6 }, () => openDatabase({ url: created.url })));
    cleanups.push(async () => {
      await Promise.all(dbs.map((d) => d.close()));
    });
    const { rows } = await dbs[0]!.query<{ n: string }>('select count(*)::text as n from typewire_migrations');
    expect(Number(rows[0]!.n)).toBe(MIGRATIONS.length);
  });

  it('reports an unreachable PostgreSQL as a retryable coded error', async () => {
    await expect(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toMatchObject({ code: 'PERSISTENCE_UNAVAILABLE', retryable: true });
  });
});

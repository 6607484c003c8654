/**
 * The commit-order guarantee, on PostgreSQL (PGlite runs one transaction at a
 * time, so it cannot show the problem): a reader that keeps "the next offset
 * I expect" sees every entry exactly once, in offset order, however late the
 * appending transactions commit. The contrast shows why a bigserial column
 * read with `id > last` cannot promise that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendInTransaction, createEventLog, readLogPayload, type EventLog } from '../../../../runtime/store/log/index.js';
import { openDatabase } from '../../../../runtime/store/open-database.js';
import type { SqlDatabase } from '../../../../runtime/store/sql-database.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../databases.js';
import { event, uniqueTopic, waitFor } from './log-fixtures.js';

const postgres = await requirePostgres();

/** A promise with its resolve function, to hold a transaction open until the test says so. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.skipIf(!postgres)('event log commit order on PostgreSQL', () => {
  let created: TestDatabase;
  let db: SqlDatabase;
  let log: EventLog;

  beforeAll(async () => {
    created = await createTestDatabase();
    db = await openDatabase({ url: created.url, maxConnections: 20 });
    log = createEventLog(db);
  });
  afterAll(async () => {
    await log?.close();
    await db?.close();
    await created?.drop();
  });

  async function waitersOnLocks(): Promise<number> {
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
    return rows[0]!.n;
  }

  it('makes a later appender wait for an earlier one to commit, so no reader can see offset 1 before offset 0', async () => {
    const topic = uniqueTopic('order');
    const holdA = gate();
    const a = db.transaction(async (tx) => {
      const offsets = await appendInTransaction(tx, topic, [event(topic, 'A')]);
      await holdA.opened;
      return offsets;
    });
    await waitFor('A to take its offset', async () => (await db.query("select 1 from pg_stat_activity where datname = current_database() and state = 'idle in transaction'")).rows.length > 0);
    const b = db.transaction((tx) => appendInTransaction(tx, topic, [event(topic, 'B')]));
    await waitFor('B to wait on the partition lock', async () => (await waitersOnLocks()) === 1);
    expect((await log.read(topic)).entries).toEqual([]);
    holdA.open();
    expect(await a).toEqual([0]);
    expect(await b).toEqual([1]);
    expect((await log.read(topic)).entries.map((e) => [e.offset, readLogPayload(e)])).toEqual([
      [0, 'A'],
      [1, 'B'],
    ]);
  });

  it('contrast: a bigserial read with `id > last` skips a row whose transaction commits late', async () => {
    await db.exec('create table naive_log (id bigserial primary key, body text not null)');
    let last = 0;
    const seen: string[] = [];
    const readNew = async (): Promise<void> => {
      const { rows } = await db.query<{ id: string; body: string }>('select id::text, body from naive_log where id > $1 order by id', [last]);
      for (const row of rows) {
        seen.push(row.body);
        last = Number(row.id);
      }
    };
    const holdA = gate();
    const tookId = gate();
    const a = db.transaction(async (tx) => {
      await tx.query("insert into naive_log (body) values ('A')"); // takes id 1
      tookId.open();
      await holdA.opened;
    });
    await tookId.opened;
    await db.transaction(async (tx) => void (await tx.query("insert into naive_log (body) values ('B')"))); // id 2, commits first
    await readNew(); // sees B, moves last to 2
    holdA.open();
    await a;
    await readNew(); // id 1 is now committed, but 1 > 2 is false
    const { rows } = await db.query<{ body: string }>('select body from naive_log order by id');
    expect(rows.map((r) => r.body)).toEqual(['A', 'B']);
    expect(seen).toEqual(['B']);
  });

  it('under concurrent producers with random commit delays, a polling reader sees every entry exactly once, in order', async () => {
    const topic = uniqueTopic('stress');
    const producers = 8;
    const transactionsEach = 12;
    const produced: string[] = [];
    const random = (max: number): number => Math.floor(Math.random() * (max + 1));

    let producing = true;
    const seen: string[] = [];
    let expected = 0;
    const deadline = Date.now() + 20_000;
    const reader = (async () => {
      while (producing || expected < produced.length) {
        if (Date.now() > deadline) throw new Error(`the reader is stuck at offset ${expected} of ${produced.length}`);
        const { entries, gap } = await log.read(topic, { fromOffset: expected, limit: 50 });
        expect(gap).toBeUndefined();
        for (const entry of entries) {
          expect(entry.offset).toBe(expected); // never a hole, never a repeat
          seen.push(readLogPayload(entry) as string);
          expected++;
        }
        if (entries.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();

    const inTransaction = Array.from({ length: producers }, async (_, p) => {
      for (let t = 0; t < transactionsEach; t++) {
        const ids = Array.from({ length: 1 + random(2) }, (_, k) => `p${p}-t${t}-${k}`);
        await db.transaction(async (tx) => {
          await tx.query('select pg_sleep($1)', [random(3) / 1000]);
          await appendInTransaction(tx, topic, ids.map((id) => event(topic, id)));
          await tx.query('select pg_sleep($1)', [random(5) / 1000]); // the commit comes late
        });
        produced.push(...ids);
      }
    });
    // Group-commit appends interleave with them.
    const grouped = Array.from({ length: 2 }, async (_, g) => {
      for (let t = 0; t < transactionsEach; t++) {
        const id = `g${g}-t${t}`;
        await log.append(topic, event(topic, id));
        produced.push(id);
        await new Promise((resolve) => setTimeout(resolve, random(3)));
      }
    });
    await Promise.all([...inTransaction, ...grouped]);
    producing = false;
    await reader;

    expect(produced.length).toBeGreaterThanOrEqual(producers * transactionsEach + 2 * transactionsEach);
    expect(seen).toHaveLength(produced.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...produced].sort());
    expect(await log.bounds(topic)).toEqual({ startOffset: 0, endOffset: produced.length });
  });
});

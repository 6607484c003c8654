/**
 * `typewire queue|dlq|consumer` against a real PostgreSQL database seeded
 * through the runtime's own store: 5 fulfillment tasks, 2 of them rejected
 * into fulfillmentDead, and a consumer group 3 entries behind on a log.
 * Skipped (with the reason printed) without PostgreSQL, unless CI=true.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersService, type FulfillmentTask } from '../../../generated/index.js';
import { createEnvelope } from '../../../runtime/envelope.js';
import { LOCK_FILE } from '../../../runtime/store/folder-lock.js';
import { openDatabase } from '../../../runtime/store/open-database.js';
import { takeGroup } from '../../../runtime/store/log/group-members-sql.js';
import { createEventLog } from '../../../runtime/store/log/index.js';
import { QueueStore } from '../../../runtime/store/queue/index.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../runtime/store/databases.js';
import { assertBuilt, describeRun, runCli } from '../helpers/run-cli.js';

const available = await requirePostgres();
let database: TestDatabase;
const fulfillment = OrdersService.queues.fulfillment;

const task = (id: string): FulfillmentTask => ({ orderId: id, items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 9007199254740993n }] });
const cli = (args: string[]): ReturnType<typeof runCli> => runCli([...args, '--database-url', database.url]);

beforeAll(async () => {
  if (!available) return;
  assertBuilt();
  database = await createTestDatabase();
  const db = await openDatabase({ url: database.url });
  const store = new QueueStore(db);
  for (const id of ['o1', 'o2', 'o3', 'o4', 'o5']) await store.enqueue(fulfillment, createEnvelope('queue.fulfillment', task(id), { id }));
  const leased = await store.dequeue(fulfillment, { max: 2 });
  for (const m of leased) await store.reject(fulfillment, m, { error: new Error(`bad ${m.id}`) });
  const log = createEventLog(db);
  for (let i = 0; i < 5; i++) await log.append('order.placed', createEnvelope('order.placed', { n: i }));
  await log.commitOffset('billing', 'order.placed', 2);
  // A subscription of the group reads the topic (holds the group's lease), as one in a running service would.
  await takeGroup(db, 'billing', 'order.placed', 'reader-1', 600_000);
  await log.close();
  await store.close();
  await db.close();
}, 30_000);
afterAll(async () => {
  if (available) await database.drop();
});

describe.skipIf(!available)('operations commands on PostgreSQL', () => {
  it('queue list shows every queue with depth and dead letters (text and JSON)', () => {
    const text = cli(['queue', 'list']);
    expect(text.status, describeRun(text)).toBe(0);
    expect(text.stdout).toMatch(/^fulfillment\s+3\s+0\s+\S+\s+2$/m);
    const json = cli(['queue', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ queue: 'fulfillment', depth: 3, inFlight: 0, deadLetters: 2 }), expect.objectContaining({ queue: 'fulfillmentDead', depth: 2 })]),
    );
  });

  it('queue status reads twice over --interval and reports rates; an unknown queue is NOT_FOUND_QUEUE', () => {
    const result = cli(['queue', 'status', 'fulfillment', '--interval', '200', '--json']);
    expect(result.status, describeRun(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ queue: 'fulfillment', depth: 3, ready: 3, deadLetters: 2, rates: { depthChangePerSec: 0, deadLettersPerSec: 0 } });
    const missing = cli(['queue', 'status', 'nope', '--interval', '0']);
    expect(missing.status, describeRun(missing)).toBe(1);
    expect(missing.stderr).toMatch(/^error NOT_FOUND_QUEUE: /m);
  });

  it('dlq list and show find letters by the origin or the dead-letter queue name; show decodes nothing it cannot', () => {
    const byOrigin = cli(['dlq', 'list', 'fulfillment', '--json']);
    expect(byOrigin.status, describeRun(byOrigin)).toBe(0);
    const letters = JSON.parse(byOrigin.stdout) as Array<{ id: string; origin: string; reason: { reason: string } }>;
    expect(letters.map((l) => l.id).sort()).toEqual(['o1', 'o2']);
    expect(letters[0]).toMatchObject({ origin: 'fulfillment', queue: 'fulfillmentDead', reason: { reason: 'rejected' } });
    const byDlq = cli(['dlq', 'list', 'fulfillmentDead']);
    expect(byDlq.stdout).toMatch(/^o1\s+fulfillment -> fulfillmentDead .* rejected /m);
    const shown = cli(['dlq', 'show', 'fulfillment', 'o1']);
    expect(shown.status, describeRun(shown)).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: 'o1', type: 'queue.fulfillment', reason: { message: expect.stringContaining('bad o1') }, payload: expect.anything() });
    const missing = cli(['dlq', 'show', 'fulfillment', 'zzz', '--json']);
    expect(missing.status, describeRun(missing)).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND_DEAD_LETTER' } });
  });

  it('dlq show --schemas decodes the payload with the message type of the queue it died in', () => {
    const plain = JSON.parse(cli(['dlq', 'show', 'fulfillment', 'o2']).stdout) as { payload: unknown };
    // Written with schema records: without the schemas only the bytes can be shown.
    expect(plain.payload).toEqual({ base64: expect.any(String) });
    const decoded = cli(['dlq', 'show', 'fulfillmentDead', 'o2', '--schemas', 'schemas']);
    expect(decoded.status, describeRun(decoded)).toBe(0);
    expect(JSON.parse(decoded.stdout)).toMatchObject({
      id: 'o2',
      origin: 'fulfillment',
      payload: { orderId: 'o2', items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: '9007199254740993' }] },
    });
    const undeclared = cli(['dlq', 'show', 'fulfillment', 'o2', '--schemas', 'test/generator/cases/basic/schemas', '--json']);
    expect(undeclared.status, describeRun(undeclared)).toBe(1);
    expect(JSON.parse(undeclared.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND_QUEUE', details: { queue: 'fulfillment' } } });
  });

  it('dlq replay needs --id or --all (exit 2), refuses an unknown id, and moves letters back', () => {
    const usage = cli(['dlq', 'replay', 'fulfillment']);
    expect(usage.status, describeRun(usage)).toBe(2);
    const unknown = cli(['dlq', 'replay', 'fulfillment', '--id', 'zzz']);
    expect(unknown.status, describeRun(unknown)).toBe(1);
    expect(unknown.stderr).toMatch(/NOT_FOUND_DEAD_LETTER/);
    const one = cli(['dlq', 'replay', 'fulfillment', '--id', 'o1', '--json']);
    expect(one.status, describeRun(one)).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ replayed: 1, skipped: 0 });
    const rest = cli(['dlq', 'replay', 'fulfillmentDead', '--all']);
    expect(rest.stdout).toMatch(/^replayed 1, skipped 0$/m);
    const after = JSON.parse(cli(['queue', 'status', 'fulfillment', '--interval', '0', '--json']).stdout) as { depth: number; deadLetters: number };
    expect(after).toMatchObject({ depth: 5, deadLetters: 0 });
  });

  it('consumer lag is the end offset minus the committed offset; an unknown group is NOT_FOUND_CONSUMER_GROUP', () => {
    const result = cli(['consumer', 'lag', 'billing', '--json']);
    expect(result.status, describeRun(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ group: 'billing', topic: 'order.placed', committed: 2, endOffset: 5, lag: 3, behindStart: false, reading: true }]);
    const text = cli(['consumer', 'lag', 'billing', '--topic', 'order.placed']);
    expect(text.stdout).toMatch(/^order\.placed\s+committed 2\s+end 5\s+lag 3\s+reader active$/m);
    const missing = cli(['consumer', 'lag', 'nobody']);
    expect(missing.status, describeRun(missing)).toBe(1);
    expect(missing.stderr).toMatch(/^error NOT_FOUND_CONSUMER_GROUP: /m);
  });

  it('monitor --once prints one plain frame from the database when stdout is not a terminal', () => {
    const result = cli(['monitor', '--once']);
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^queue=fulfillment depth=\d+ in_flight=0 /m);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('operations commands without a database', () => {
  it('a memory store in the configuration is a coded error pointing at --admin', () => {
    assertBuilt();
    const result = runCli(['queue', 'list', '--config', '/dev/null']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: .*queues\.store is memory.*--admin/m);
  });

  it('a PGlite folder another process holds, with no host answering, is PERSISTENCE_LOCKED naming the admin URL the configuration gives a host', () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'typewire-ops-'));
    try {
      const config = join(dir, 'typewire.yaml');
      writeFileSync(config, 'queues:\n  store: pglite\n  url: ./data\nmetrics:\n  port: 9471\n');
      mkdirSync(join(dir, 'data'));
      // This test process is alive and is not the CLI's: to the CLI, the folder is held.
      writeFileSync(join(dir, 'data', LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname() }));
      for (const args of [['queue', 'list'], ['dlq', 'list', 'fulfillment'], ['monitor', '--once']]) {
        const result = runCli([...args, '--config', config]);
        expect(result.status, describeRun(result)).toBe(1);
        // No host answers there, so even the commands that could read it report the lock.
        expect(result.stderr).toMatch(new RegExp(`^error PERSISTENCE_LOCKED: .*in use by process ${process.pid}.*admin endpoint at http://127\\.0\\.0\\.1:9471\\.$`, 'm'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--config with --database-url is a usage error', () => {
    const result = runCli(['queue', 'list', '--config', 'a.yaml', '--database-url', 'postgres://x']);
    expect(result.status, describeRun(result)).toBe(2);
  });
});

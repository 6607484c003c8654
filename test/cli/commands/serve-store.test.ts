/**
 * `typewire serve` on a PostgreSQL queue store, read from outside through
 * its admin server: `queue list --admin`, `queue status --admin` and
 * `monitor --once --admin` see the tasks seeded into the database.
 * Skipped (with the reason printed) without PostgreSQL, unless CI=true.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersService } from '../../../generated/index.js';
import { createEnvelope } from '../../../runtime/envelope.js';
import { openDatabase } from '../../../runtime/store/open-database.js';
import { QueueStore } from '../../../runtime/store/queue/index.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../runtime/store/databases.js';
import { assertBuilt, describeRun, runCli } from '../helpers/run-cli.js';
import { writeServeProject } from '../helpers/serve-fixture.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const available = await requirePostgres();
let database: TestDatabase;
let project: { dir: string; config: string };
let serve: ServeProcess;

beforeAll(async () => {
  if (!available) return;
  assertBuilt();
  database = await createTestDatabase();
  const db = await openDatabase({ url: database.url });
  const store = new QueueStore(db);
  for (let i = 0; i < 4; i++) {
    await store.enqueue(OrdersService.queues.fulfillment, createEnvelope('queue.fulfillment', { orderId: `o${i}`, items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 1n }] }, { id: `o${i}` }));
  }
  await store.close();
  await db.close();
  project = writeServeProject(`store: postgres\n  url: ${database.url}`);
  serve = await startServe(project.config);
}, 40_000);
afterAll(async () => {
  if (!available) return;
  if (serve) expect(await serve.stop(), serve.output()).toBe(0);
  rmSync(project.dir, { recursive: true, force: true });
  await database.drop();
});

describe.skipIf(!available)('typewire serve on PostgreSQL, read through --admin', () => {
  it('/api/status reports the store and the seeded depth', async () => {
    const status = (await (await fetch(`${serve.ready.admin}/api/status`)).json()) as { store: string; queues: Array<{ queue: string; depth: number }> };
    expect(status.store).toBe('postgres');
    expect(status.queues).toContainEqual(expect.objectContaining({ queue: 'fulfillment', depth: 4, inFlight: 0, deadLetters: 0 }));
  });

  it('queue list, queue status and monitor --once read the host', () => {
    const list = runCli(['queue', 'list', '--admin', serve.ready.admin, '--json']);
    expect(list.status, describeRun(list)).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ queue: 'fulfillment', depth: 4 }));
    const status = runCli(['queue', 'status', 'fulfillment', '--admin', serve.ready.admin]);
    expect(status.stdout).toMatch(/^depth\s+4$/m);
    expect(status.stdout).toMatch(/^enqueuedPerSec/m);
    const monitor = runCli(['monitor', '--once', '--admin', serve.ready.admin]);
    expect(monitor.status, describeRun(monitor)).toBe(0);
    expect(monitor.stdout).toMatch(/^at=\S+ source=serve-test store=postgres connections=0 /m);
    expect(monitor.stdout).toMatch(/^queue=fulfillment depth=4 in_flight=0 /m);
  });

  it('an admin address nobody answers is a coded failure', () => {
    const result = runCli(['queue', 'list', '--admin', 'http://127.0.0.1:1']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error TRANSPORT_CLOSED: cannot reach the admin server/m);
  });
});

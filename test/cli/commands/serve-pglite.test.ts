/**
 * `typewire serve` on a PGlite data folder, with the operations commands run
 * beside it. PGlite opens a folder in one process at a time, so the commands
 * cannot open it while the host runs: `queue list`, `queue status` and
 * `monitor` read the host's admin endpoint instead (the host wrote its URL
 * into the folder's lock), and the commands that need the database say who
 * holds it. After the host stops, the folder opens again with every message.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersService } from '../../../generated/index.js';
import { createEnvelope } from '../../../runtime/envelope.js';
import { LOCK_FILE } from '../../../runtime/store/folder-lock.js';
import { openDatabase } from '../../../runtime/store/open-database.js';
import { QueueStore } from '../../../runtime/store/queue/index.js';
import { assertBuilt, describeRun, runCli } from '../helpers/run-cli.js';
import { writeServeProject } from '../helpers/serve-fixture.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

let project: { dir: string; config: string };
let dataDir: string;
let serve: ServeProcess | undefined;

async function withStore<T>(work: (store: QueueStore) => Promise<T>): Promise<T> {
  const db = await openDatabase({ dataDir });
  const store = new QueueStore(db);
  try {
    return await work(store);
  } finally {
    await store.close();
    await db.close();
  }
}

beforeAll(async () => {
  assertBuilt();
  project = writeServeProject('store: pglite\n  url: ./queue-data');
  dataDir = join(dirname(project.config), 'queue-data');
  await withStore(async (store) => {
    for (let i = 0; i < 3; i++) {
      await store.enqueue(OrdersService.queues.fulfillment, createEnvelope('queue.fulfillment', { orderId: `o${i}`, items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 1n }] }, { id: `o${i}` }));
    }
  });
  serve = await startServe(project.config, 40_000);
}, 60_000);
afterAll(async () => {
  if (serve) await serve.stop();
  rmSync(project.dir, { recursive: true, force: true });
});

describe('typewire serve on a PGlite folder, with ops commands beside it', () => {
  it('the host holds the folder and its lock names the admin URL', () => {
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; adminUrl: string };
    expect(lock.adminUrl).toBe(serve!.ready.admin);
  });

  it('queue list, queue status and monitor --once read the host instead, and say so', () => {
    const list = runCli(['queue', 'list', '--config', project.config, '--json']);
    expect(list.status, describeRun(list)).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ queue: 'fulfillment', depth: 3 }));
    expect(list.stderr).toContain(`read from its admin endpoint ${serve!.ready.admin}`);
    const status = runCli(['queue', 'status', 'fulfillment', '--config', project.config]);
    expect(status.status, describeRun(status)).toBe(0);
    expect(status.stdout).toMatch(/^depth\s+3$/m);
    // Read through the host, an unknown queue is still the command's own error.
    const unknown = runCli(['queue', 'status', 'nosuch', '--config', project.config]);
    expect(unknown.status, describeRun(unknown)).toBe(1);
    expect(unknown.stderr).toMatch(/^error NOT_FOUND_QUEUE: /m);
    const monitor = runCli(['monitor', '--once', '--config', project.config]);
    expect(monitor.status, describeRun(monitor)).toBe(0);
    expect(monitor.stdout).toMatch(/store=pglite/);
  });

  it('a command that needs the database is PERSISTENCE_LOCKED, naming the host and its admin URL', () => {
    const result = runCli(['dlq', 'list', 'fulfillment', '--config', project.config]);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error PERSISTENCE_LOCKED: .*in use by process \\d+ .*${serve!.ready.admin.replace(/\./g, '\\.')}`, 'm'));
  });

  it('once the host stops, the folder is free and holds every message', async () => {
    expect(await serve!.stop(), serve!.output()).toBe(0);
    serve = undefined;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const stats = await withStore((store) => store.listQueues());
    expect(stats).toContainEqual(expect.objectContaining({ queue: 'fulfillment', depth: 3 }));
  });
});

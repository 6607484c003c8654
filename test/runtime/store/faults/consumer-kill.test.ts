/**
 * A consumer process SIGKILLed at random moments, 20 times, while this
 * process keeps sending (PostgreSQL at 127.0.0.1:5432): no acknowledged
 * message is lost, and a message is processed twice only when a process died
 * between its handler's work and its ack. The queue allows far more retries
 * than kills, so nothing may end in the dead-letter queue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../runtime/store/open-database.js';
import { QueueStore } from '../../../../runtime/store/queue/index.js';
import type { SqlDatabase } from '../../../../runtime/store/sql-database.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../databases.js';
import { sleep, task, taskQueue, until } from '../queue/queue-fixtures.js';
import { bundleChild, killAll, startChild, type ChildScript } from './child-consumer.js';
import { byMessage, createDeliveriesTable, readDeliveries, type ChildConfig } from './fault-records.js';

const KILLS = 20;
const CONCURRENCY = 4;
const PREFETCH = 4;
const BACKLOG = 100;
const PER_CYCLE = 25;

describe('a consumer process killed with SIGKILL at random moments', () => {
  let script: ChildScript | undefined;
  let created: TestDatabase | undefined;
  let db: SqlDatabase | undefined;

  beforeAll(async () => {
    if (!(await requirePostgres())) return;
    script = await bundleChild();
    created = await createTestDatabase();
    db = await openDatabase({ url: created.url });
    await createDeliveriesTable(db);
  });
  afterEach(killAll);
  afterAll(async () => {
    await killAll();
    await db?.close();
    await created?.drop();
    script?.remove();
  });

  it(`loses no acknowledged message over ${KILLS} kills, and repeats only what a killed process was handling`, { timeout: 120_000 }, async (ctx) => {
    if (!db || !created || !script) return ctx.skip();
    const store = new QueueStore(db);
    const dead = taskQueue({ maxRetries: 0 });
    const queue = taskQueue({ deadLetter: dead.name, maxRetries: 1_000, retryDelayMs: 10 });
    const config: ChildConfig = {
      url: created.url,
      queue: { name: queue.name, deadLetter: dead.name, maxRetries: queue.maxRetries, retryDelayMs: queue.retryDelayMs },
      consume: { concurrency: CONCURRENCY, prefetch: PREFETCH, leaseMs: 500, pollMs: 250 },
      handlerDelayMs: [10, 60],
      maxLifetimeMs: 90_000,
    };
    const acked = new Set<string>();
    const send = async (id: string): Promise<void> => {
      expect(await store.enqueue(queue, task(id))).toEqual({ duplicate: false });
      acked.add(id);
    };

    try {
      await Promise.all(Array.from({ length: BACKLOG }, (_, i) => send(`backlog-${i}`)));
      const killed = new Set<number>();
      for (let cycle = 0; cycle < KILLS; cycle++) {
        const child = startChild(script, config);
        const producing = (async () => {
          for (let i = 0; i < PER_CYCLE; i++) {
            await send(`c${cycle}-${i}`);
            await sleep(5);
          }
        })();
        await child.ready;
        await sleep(50 + Math.random() * 450);
        child.kill('SIGKILL');
        expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
        killed.add(child.pid);
        await producing;
      }

      // A last consumer, left alone, drains what the others left (leases of the killed ones run out).
      const last = startChild(script, config);
      await last.ready;
      await until(async () => (await store.stats(queue.name)).depth === 0, 'the last consumer to drain the queue', 30_000);
      last.kill('SIGTERM');
      expect(await last.exited, last.stderr()).toEqual({ code: 0, signal: null });

      const deliveries = await readDeliveries(db);
      const grouped = byMessage(deliveries);
      expect([...acked].filter((id) => !grouped.has(id)), 'acknowledged but never processed').toEqual([]);
      expect(grouped.size).toBe(acked.size);
      expect((await store.stats(queue.name)).deadLetters).toBe(0);
      expect(acked.size).toBe(BACKLOG + KILLS * PER_CYCLE);

      // Kills landed on leased messages: some came back for a later attempt.
      expect(deliveries.some((d) => d.attempt > 1)).toBe(true);
      // A repeat is explained by a kill: every delivery of a message but its last was made by a
      // process that was then killed, each process at most once, with rising attempts.
      for (const [id, list] of grouped) {
        for (const earlier of list.slice(0, -1)) expect(killed.has(earlier.pid), `message ${id} repeated by a process that was not killed`).toBe(true);
        expect(new Set(list.map((d) => d.pid)).size, `message ${id} handled twice by one process`).toBe(list.length);
        expect(list.map((d) => d.attempt)).toEqual([...list.map((d) => d.attempt)].sort((a, b) => a - b));
      }
      // Only a running handler can have recorded without acking: at most `concurrency` per kill.
      const duplicates = deliveries.length - grouped.size;
      expect(duplicates).toBeLessThanOrEqual(KILLS * CONCURRENCY);
      console.info(`consumer kills: ${KILLS} kills, ${acked.size} messages, ${duplicates} processed twice, ${deliveries.filter((d) => d.attempt > 1).length} redelivered`);
    } finally {
      await store.close();
    }
  });
});

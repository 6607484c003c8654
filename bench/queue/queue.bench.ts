/**
 * Durable queues (issue 4): typewire's QueueStore against pg-boss and plain
 * SQL on the same database, in the same run, interleaved A B A B.
 *
 * On the machine's PostgreSQL (a fresh database, dropped at the end; the
 * server's own fsync and synchronous_commit, printed in the description):
 * - send with PRODUCERS concurrent producers: QueueStore.enqueue vs pg-boss
 *   send() vs a plain single-row INSERT per transaction, and a plain 100-row
 *   INSERT per transaction as the ceiling; enqueue p95 must stay under 10 ms.
 * - dequeue+ack at a BACKLOG-message backlog (topped up, untimed, before
 *   every batch): typewire consume() and dequeue(BATCH)+ack vs pg-boss
 *   fetch+complete at its default batchSize 1 and at BATCH, and plain SQL
 *   SKIP LOCKED with a batch DELETE.
 * On PGlite in memory, the typewire cases against plain SQL on PGlite
 * (pg-boss does not run on PGlite).
 */
import PgBoss from 'pg-boss';
import { openDatabase } from '../../runtime/store/open-database.js';
import { QueueStore } from '../../runtime/store/queue/index.js';
import type { SqlDatabase } from '../../runtime/store/sql-database.js';
import type { TargetSpec } from '../harness/types.js';
import type { AsyncBenchCase, AsyncBenchSuite } from '../net/async-suite.js';
import type { CheckSpec } from '../net/checks.js';
import { createBenchDatabase, serverSettings, type BenchDatabase } from './databases.js';
import { BACKLOG, BATCH, bossFetchCase, CONSUME_OPTIONS, GatedConsumeCase, plainDequeueCase, typewireDequeueCase } from './dequeue-cases.js';
import { createPlainTable, plainPool, type PlainDatabase } from './plain-sql.js';
import { bossSendCase, INSERT_ROWS, plainSendCase, PRODUCERS, typewireSendCase } from './send-cases.js';

/** The goals: 10x pg-boss on send and on dequeue+ack; enqueue p95 under 10 ms on PostgreSQL. */
const SPEEDUP = 10;
const ENQUEUE_P95_US = 10_000;

const N = {
  sendTw: `queue pg: send x${PRODUCERS}, typewire enqueue`,
  sendBoss: `queue pg: send x${PRODUCERS}, pg-boss send`,
  sendPlain: `queue pg: send x${PRODUCERS}, plain INSERT 1 row/tx`,
  sendPlainMany: `queue pg: send x${PRODUCERS}, plain INSERT ${INSERT_ROWS} rows/tx`,
  consumeTw: `queue pg: dequeue+ack, typewire consume c${CONSUME_OPTIONS.concurrency}/p${CONSUME_OPTIONS.prefetch}`,
  dequeueTw: `queue pg: dequeue+ack, typewire dequeue(${BATCH})+ack`,
  boss1: 'queue pg: dequeue+ack, pg-boss fetch(1)+complete',
  bossBatch: `queue pg: dequeue+ack, pg-boss fetch(${BATCH})+complete`,
  plainDequeue: `queue pg: dequeue+ack, plain SKIP LOCKED ${BATCH} + DELETE`,
  liteSendTw: `queue pglite: send x${PRODUCERS}, typewire enqueue`,
  liteSendPlain: `queue pglite: send x${PRODUCERS}, plain INSERT 1 row/tx`,
  liteConsumeTw: `queue pglite: dequeue+ack, typewire consume c${CONSUME_OPTIONS.concurrency}/p${CONSUME_OPTIONS.prefetch}`,
  liteDequeueTw: `queue pglite: dequeue+ack, typewire dequeue(${BATCH})+ack`,
  liteDequeuePlain: `queue pglite: dequeue+ack, plain SKIP LOCKED ${BATCH} + DELETE`,
} as const;

interface Opened {
  created: BenchDatabase;
  pg: SqlDatabase;
  store: QueueStore;
  boss: PgBoss;
  plain: PlainDatabase & { end(): Promise<void> };
  lite: SqlDatabase;
  liteStore: QueueStore;
  settings: string;
}

export function createQueueSuite(): AsyncBenchSuite {
  let opened: Partial<Opened> = {};
  const need = <K extends keyof Opened>(key: K): Opened[K] => {
    const value = opened[key];
    if (value === undefined) throw new Error(`queue bench: setup() has not opened ${key}`);
    return value as Opened[K];
  };
  const consumePg = new GatedConsumeCase(N.consumeTw, N.boss1, 'bench_consume');
  const consumeLite = new GatedConsumeCase(N.liteConsumeTw, N.liteDequeuePlain, 'bench_consume');

  const cases: AsyncBenchCase[] = [
    typewireSendCase(N.sendTw, N.sendBoss, () => need('store'), 'bench_send'),
    bossSendCase(N.sendBoss, () => need('boss'), 'bench_send'),
    plainSendCase(N.sendPlain, () => need('plain'), 'bench_send', 1),
    plainSendCase(N.sendPlainMany, () => need('plain'), 'bench_send_many', INSERT_ROWS),
    consumePg.case,
    typewireDequeueCase(N.dequeueTw, N.bossBatch, () => need('store'), 'bench_dequeue'),
    bossFetchCase(N.boss1, undefined, () => need('boss'), 'bench_fetch_1', 1),
    bossFetchCase(N.bossBatch, undefined, () => need('boss'), 'bench_fetch_batch', BATCH),
    plainDequeueCase(N.plainDequeue, () => need('plain'), 'bench_dequeue'),
    typewireSendCase(N.liteSendTw, N.liteSendPlain, () => need('liteStore'), 'bench_send'),
    plainSendCase(N.liteSendPlain, () => need('lite'), 'bench_send', 1),
    consumeLite.case,
    typewireDequeueCase(N.liteDequeueTw, N.liteDequeuePlain, () => need('liteStore'), 'bench_dequeue'),
    plainDequeueCase(N.liteDequeuePlain, () => need('lite'), 'bench_dequeue'),
  ];
  const targets: TargetSpec[] = [
    { name: N.sendTw, metric: 'ops_per_sec', target: SPEEDUP },
    { name: N.consumeTw, metric: 'ops_per_sec', target: SPEEDUP },
  ];
  const checks: CheckSpec[] = [
    { kind: 'latency-max', name: N.sendTw, percentile: 95, targetUs: ENQUEUE_P95_US },
    // Second baselines, so each typewire case is also set against plain SQL and the other pg-boss batch size.
    { kind: 'throughput', name: N.sendTw, against: N.sendPlain, target: 1 },
    { kind: 'throughput', name: N.dequeueTw, against: N.boss1, target: SPEEDUP },
    { kind: 'throughput', name: N.consumeTw, against: N.bossBatch, target: 1 },
  ];

  return {
    kind: 'async',
    name: 'queue',
    get description() {
      return (
        `durable queues, ${PRODUCERS} concurrent producers (one message per await) and dequeue+ack at a ${BACKLOG.toLocaleString('en-US')}-message backlog; ` +
        `${opened.settings ?? 'PostgreSQL (settings read at setup)'}, fresh database per run, analyzed after the backlogs are filled; pg-boss 10 with a pool of ${PRODUCERS}, supervise and schedule off; PGlite in memory`
      );
    },
    cases,
    targets,
    checks,
    async setup() {
      const created = await createBenchDatabase();
      opened.created = created;
      opened.settings = await serverSettings(created.url);
      opened.pg = await openDatabase({ url: created.url });
      opened.store = new QueueStore(opened.pg);
      opened.plain = plainPool(created.url, PRODUCERS);
      await createPlainTable(opened.plain);
      const boss = new PgBoss({ connectionString: created.url, max: PRODUCERS, supervise: false, schedule: false });
      boss.on('error', () => undefined);
      opened.boss = await boss.start();
      for (const name of ['bench_send', 'bench_fetch_1', 'bench_fetch_batch']) await boss.createQueue(name);
      opened.lite = await openDatabase();
      opened.liteStore = new QueueStore(opened.lite);
      await createPlainTable(opened.lite);
      consumePg.start(opened.pg);
      consumeLite.start(opened.lite);
      // Fill every backlog, then ANALYZE, as autovacuum would have on a server that has been
      // running: with the statistics of the empty tables, the planner sorts the whole backlog
      // for every lease (typewire's lease went from ~10 to ~50 ms per 100 in a trial).
      for (const c of cases) await c.prepare?.(0);
      await opened.pg.query('analyze');
      await opened.lite.query('analyze');
    },
    async teardown() {
      const o = opened;
      opened = { ...(o.settings === undefined ? {} : { settings: o.settings }) };
      await Promise.allSettled([consumePg.close(), consumeLite.close()]);
      await Promise.allSettled([o.store?.close(), o.liteStore?.close()]);
      await Promise.allSettled([o.boss?.stop({ graceful: false, wait: true }), o.plain?.end(), o.pg?.close(), o.lite?.close()]);
      await o.created?.drop();
    },
  };
}

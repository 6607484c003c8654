/**
 * The consumer process the fault tests kill. Run by child-consumer.ts (as an
 * esbuild bundle of this file, so it runs the current sources): it consumes
 * one queue of a PostgreSQL database and, in the handler, records every
 * delivery in `fault_deliveries` midway through its work, so the parent can see what
 * was processed even when the process dies before its ack commits.
 *
 * Configuration arrives as JSON in TYPEWIRE_FAULT_CHILD (see ChildConfig).
 * It prints `ready` once consuming, stops gracefully on SIGTERM, and exits by
 * itself when its parent goes away (stdin closes) or after `maxLifetimeMs`.
 */
import { openDatabase } from '../../../../runtime/store/open-database.js';
import { QueueStore } from '../../../../runtime/store/queue/index.js';
import { sleep, taskQueue } from '../queue/queue-fixtures.js';
import { recordDelivery, type ChildConfig } from './fault-records.js';

const config = JSON.parse(process.env['TYPEWIRE_FAULT_CHILD'] ?? '') as ChildConfig;
const lifetime = setTimeout(() => process.exit(3), config.maxLifetimeMs);
process.stdin.on('end', () => process.exit(4));
process.stdin.resume();

const db = await openDatabase({ url: config.url, maxConnections: 4 });
const store = new QueueStore(db, {
  onError: (error, where) => process.stderr.write(`child ${process.pid}: ${where}: ${error.code} ${error.message}\n`),
});
const queue = taskQueue(config.queue);
const [minDelay, maxDelay] = config.handlerDelayMs;

const consumer = store.consume(
  queue,
  async (envelope, { attempt }) => {
    // Work on both sides of the record, so a kill lands before it as well as after it (before the ack).
    const work = minDelay + Math.random() * (maxDelay - minDelay);
    await sleep(work / 2);
    await recordDelivery(db, envelope.id, attempt, process.pid);
    // The handler that takes its process down (a segfaulting native call, an OOM kill).
    if (envelope.id === config.killOn) process.kill(process.pid, 'SIGKILL');
    await sleep(work / 2);
  },
  config.consume,
);

process.once('SIGTERM', () => {
  void (async () => {
    await consumer.close();
    await store.close();
    await db.close();
    clearTimeout(lifetime);
    process.exit(0);
  })();
});

process.stdout.write('ready\n');

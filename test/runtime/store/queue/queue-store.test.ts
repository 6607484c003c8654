/**
 * The durable queue store on PGlite and on PostgreSQL: every suite runs on
 * both, sharing one database per backend (see queue-harness.ts).
 */
import { describe } from 'vitest';
import { BACKENDS } from '../databases.js';
import { consumerTests } from './consumer.suite.js';
import { enqueueTests } from './enqueue.suite.js';
import { inspectionTests } from './inspection.suite.js';
import { leaseTests } from './lease.suite.js';
import { useQueueHarness } from './queue-harness.js';

describe.each(BACKENDS)('queue store on %s', (backend) => {
  const harness = useQueueHarness(backend);
  describe('enqueue', () => enqueueTests(harness));
  describe('leases, acks and dead letters', () => leaseTests(harness));
  describe('consumers', () => consumerTests(harness));
  describe('inspection and replay', () => inspectionTests(harness));
});

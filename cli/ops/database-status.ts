/**
 * A HostStatus built from the database alone, for `typewire monitor
 * --config` when no host is reachable: queue counts from the store, queue
 * rates from the change in depth between frames; bus rates and connections
 * are a host's to know, so they read 0.
 */
import type { QueueStore } from '../../runtime/store/queue/index.js';
import type { HostStatus } from '../host/host-status.js';
import { createRateSampler } from '../host/rate-sampler.js';

export function createDatabaseStatusReader(store: QueueStore, kind: HostStatus['store']): () => Promise<HostStatus> {
  const sampler = createRateSampler(0);
  return async () => {
    const at = Date.now();
    const stats = await store.listQueues();
    const rates = sampler.sample(Object.fromEntries(stats.map((s) => [s.queue, s.depth])), at);
    return {
      at,
      source: `database (${kind})`,
      store: kind,
      connections: 0,
      queues: stats.map((s) => ({
        queue: s.queue,
        depth: s.depth,
        inFlight: s.inFlight,
        oldestAgeMs: s.oldestAgeMs,
        deadLetters: s.deadLetters,
        // Net growth: enqueues minus acks, which is all the rows can tell.
        enqueuedPerSec: Math.max(0, rates[s.queue] ?? 0),
        ackedPerSec: Math.max(0, -(rates[s.queue] ?? 0)),
      })),
      rates: { published: 0, processed: 0, failed: 0, dropped: 0, sentRemote: 0, receivedRemote: 0 },
      totals: { published: 0, processed: 0, failed: 0, dropped: 0, sentRemote: 0, receivedRemote: 0 },
    };
  };
}

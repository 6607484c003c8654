/**
 * What `/api/status` answers (and `typewire monitor` shows): every queue's
 * depth, in-flight count, oldest age and dead letters, message rates, and
 * open connections. With a durable store the counts come from the database
 * (exact as of the query); with the memory store from the runtime's metrics.
 */
import type { BusStats } from '../../runtime/bus/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { QueueStore } from '../../runtime/store/queue/index.js';
import { createRateSampler } from './rate-sampler.js';

export interface QueueStatus {
  readonly queue: string;
  readonly depth: number;
  readonly inFlight: number;
  /** Null when the queue is empty or the store cannot tell (memory). */
  readonly oldestAgeMs: number | null;
  readonly deadLetters: number;
  /** Messages accepted into / acknowledged from this queue per second, as this process saw them. */
  readonly enqueuedPerSec: number;
  readonly ackedPerSec: number;
}

/** The JSON body of `/api/status`. Times in ms since the epoch; rates per second. */
export interface HostStatus {
  readonly at: number;
  readonly source: string;
  readonly store: 'memory' | 'pglite' | 'postgres';
  readonly connections: number;
  readonly queues: ReadonlyArray<QueueStatus>;
  readonly rates: Readonly<Record<keyof BusStats, number>>;
  readonly totals: BusStats;
}

export interface StatusSources {
  readonly runtime: Runtime;
  readonly store: QueueStore | undefined;
  readonly storeKind: HostStatus['store'];
  /** Open sessions on the network server. */
  readonly connections: () => number;
}

interface MetricJson {
  readonly name: string;
  readonly values: ReadonlyArray<{ readonly value: number; readonly labels: Readonly<Record<string, string | number>> }>;
}

/** `queue → value` of one per-queue metric of the runtime's registry. */
function byQueue(metrics: ReadonlyArray<MetricJson>, suffix: string): Map<string, number> {
  const metric = metrics.find((m) => m.name.endsWith(suffix));
  return new Map((metric?.values ?? []).map((v) => [String(v.labels['queue']), v.value]));
}

/** Returns a function that reads the status now; keep one per host so rates compare with the previous read. */
export function createStatusReader(sources: StatusSources): () => Promise<HostStatus> {
  const busRates = createRateSampler();
  const queueRates = createRateSampler();
  return async () => {
    const at = Date.now();
    const metrics = ((await sources.runtime.metrics?.registry.getMetricsAsJSON()) ?? []) as unknown as MetricJson[];
    const depth = byQueue(metrics, 'queue_depth');
    const inFlight = byQueue(metrics, 'queue_in_flight');
    const enqueued = byQueue(metrics, 'queue_enqueued_total');
    const acked = byQueue(metrics, 'queue_acked_total');
    const dead = byQueue(metrics, 'queue_dead_letters_total');
    const counters: Record<string, number> = {};
    for (const [queue, n] of enqueued) counters[`enqueued:${queue}`] = n;
    for (const [queue, n] of acked) counters[`acked:${queue}`] = n;
    const rates = queueRates.sample(counters, at);

    const stored = sources.store === undefined ? undefined : await sources.store.listQueues();
    const names = new Set([...(stored ?? []).map((s) => s.queue), ...depth.keys(), ...enqueued.keys()]);
    const queues = [...names].sort().map((queue): QueueStatus => {
      const row = stored?.find((s) => s.queue === queue);
      return {
        queue,
        depth: row?.depth ?? depth.get(queue) ?? 0,
        inFlight: row?.inFlight ?? inFlight.get(queue) ?? 0,
        oldestAgeMs: row?.oldestAgeMs ?? null,
        deadLetters: row?.deadLetters ?? dead.get(queue) ?? 0,
        enqueuedPerSec: rates[`enqueued:${queue}`] ?? 0,
        ackedPerSec: rates[`acked:${queue}`] ?? 0,
      };
    });
    const totals = sources.runtime.stats();
    return {
      at,
      source: sources.runtime.source,
      store: sources.storeKind,
      connections: sources.connections(),
      queues,
      rates: busRates.sample({ ...totals }, at) as Record<keyof BusStats, number>,
      totals,
    };
  };
}

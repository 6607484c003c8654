/**
 * What observability costs on the hot path: the same loops (a method call in
 * one runtime, a publish to a local subscriber, a method call over loopback
 * TCP) with observability off, with metrics only, with tracing only, and with
 * metrics, tracing and a logger at info (no line written per message).
 * Interleaved A B C D, A B C D, as every suite here; the goal is under 1 %
 * (ratio ≥ 0.99).
 *
 * Each configuration runs in its own worker thread. Node 20's
 * AsyncLocalStorage turns on async hooks for the whole isolate the first time
 * a trace is entered, and they stay on: in one thread, every "off" round after
 * the first traced one would pay for tracing too, and the ratio would hide
 * the cost. A worker has its own isolate, so "off" stays off. The main thread
 * only sends "run n" and waits; the round trip to the worker (tens of µs) is
 * inside each timed batch of at least 20 ms, for every configuration alike.
 */
import { Worker } from 'node:worker_threads';
import { typewireError } from '../runtime/errors/typewire-error.js';
import type { AsyncBenchCase, AsyncBenchSuite } from './net/async-suite.js';
import type { TargetSpec } from './harness/types.js';
import { CONFIGS, LOOPS, PUBLISH_GROUP, type Config, type LoopName } from './observability/loops.js';
import type { WorkerReply, WorkerRequest } from './observability/worker.js';

const LABELS: Readonly<Record<Config, string>> = {
  off: 'off',
  metrics: 'metrics',
  tracing: 'tracing',
  full: 'metrics+tracing+logger',
};

export function caseName(loop: LoopName, config: Config): string {
  return `observability: ${loop}, ${LABELS[config]}`;
}

/** One configuration's worker thread, and requests to it matched by id. */
class ConfigWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (latencies: number[]) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor(readonly config: Config) {
    this.worker = new Worker(new URL('./observability/worker.js', import.meta.url), { workerData: { config } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) return resolve();
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(typewireError('INTERNAL_UNEXPECTED', `observability bench (${config}): ${reply.error}`));
        else waiting?.resolve(reply.latencies);
      });
    });
    this.worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  run(loop: LoopName, n: number): Promise<number[]> {
    return this.request({ id: this.nextId++, loop, n });
  }

  async close(): Promise<void> {
    await this.request({ id: this.nextId++, close: true }).catch(() => undefined);
    await this.worker.terminate();
  }

  private request(request: WorkerRequest): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }
}

export function createObservabilitySuite(): AsyncBenchSuite {
  const workers = new Map<Config, ConfigWorker>();
  const workerFor = (config: Config): ConfigWorker => {
    const worker = workers.get(config);
    if (worker === undefined) throw typewireError('INTERNAL_UNEXPECTED', 'observability bench: setup() has not run');
    return worker;
  };

  const cases: AsyncBenchCase[] = [];
  const targets: TargetSpec[] = [];
  for (const loop of LOOPS) {
    for (const config of CONFIGS) {
      const name = caseName(loop, config);
      cases.push({
        name,
        ...(config === 'off' ? {} : { baseline: caseName(loop, 'off') }),
        latencyMethod:
          loop === 'publish in process'
            ? `per-group: groups of ${PUBLISH_GROUP} publishes timed with performance.now() in the worker, divided by ${PUBLISH_GROUP}`
            : 'per-op: each call (1 outstanding) timed with performance.now() in the worker',
        async run(n, latencies) {
          latencies.push(...(await workerFor(config).run(loop, n)));
        },
      });
      // The seed's goal is for tracing; the full set is held to it too.
      if (config === 'tracing' || config === 'full') targets.push({ name, metric: 'ops_per_sec', target: 0.99 });
    }
  }

  return {
    kind: 'async',
    name: 'observability',
    description: 'the same call and publish loops with observability off, metrics only, tracing only, and metrics+tracing+logger; one worker thread per configuration',
    cases,
    targets,
    checks: [],
    async setup() {
      for (const config of CONFIGS) workers.set(config, new ConfigWorker(config));
      await Promise.all([...workers.values()].map((w) => w.ready));
    },
    async teardown() {
      await Promise.allSettled([...workers.values()].map((w) => w.close()));
      workers.clear();
    },
  };
}

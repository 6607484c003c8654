/**
 * The loops the observability benchmark times, built for one configuration:
 * `off` (no metrics, tracing or logger), `metrics` (RuntimeMetrics only),
 * `tracing` (tracing only) or `full` (metrics, tracing, and a logger at info
 * that writes nothing per message). Each configuration runs in its own worker thread (see
 * observability.bench.ts for why).
 */
import { Writable } from 'node:stream';
import { createOrdersClient, defineOrdersService, type OrdersClient } from '../../generated/index.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { connect, createServer } from '../../runtime/net/tcp/tcp.js';
import { createRuntime } from '../../runtime/node-runtime.js';
import { createLogger } from '../../runtime/observability/logging/create-logger.js';
import { RuntimeMetrics } from '../../runtime/observability/metrics/runtime-metrics.js';
import type { Runtime, RuntimeOptions } from '../../runtime/runtime.js';
import { exampleOrder, TELEMETRY_EVENT, telemetryReading } from '../net/payloads.js';

export const CONFIGS = ['off', 'metrics', 'tracing', 'full'] as const;
export type Config = (typeof CONFIGS)[number];

export const LOOPS = ['rpc in process', 'publish in process', 'rpc over TCP'] as const;
export type LoopName = (typeof LOOPS)[number];

/** Runs `n` operations; appends latencies in µs (one per op, or per group for publish). */
export type Loop = (n: number, latencies: number[]) => Promise<void>;

/** Publishes are timed in groups of this many: one publish is shorter than a clock read is precise. */
export const PUBLISH_GROUP = 64;

export interface World {
  readonly loops: Readonly<Record<LoopName, Loop>>;
  close(): Promise<void>;
}

async function optionsFor(config: Config): Promise<RuntimeOptions> {
  const common = { validateOutbound: true, callerStacks: false } as const;
  if (config === 'off') return common;
  if (config === 'metrics') return { ...common, metrics: new RuntimeMetrics() };
  if (config === 'tracing') return { ...common, tracing: true };
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  return { ...common, metrics: new RuntimeMetrics(), tracing: true, logger: await createLogger({ level: 'info', destination: discard, pretty: false }) };
}

function serveOrders(runtime: Runtime): void {
  runtime.serve(
    defineOrdersService({
      async placeOrder(request) {
        let totalCents = 0n;
        for (const line of request.items) totalCents += line.unitPriceCents * BigInt(line.quantity);
        return { orderId: 'ord-1', status: 'accepted', totalCents };
      },
      async getOrder(_request, ctx) {
        return ctx.fail('ORDER_NOT_FOUND');
      },
    }),
  );
}

/** Calls one at a time (1 outstanding), timing each. */
function sequentialCalls(client: OrdersClient): Loop {
  const order = exampleOrder();
  return async (n, latencies) => {
    for (let i = 0; i < n; i++) {
      const began = performance.now();
      await client.placeOrder(order);
      latencies.push((performance.now() - began) * 1000);
    }
  };
}

export async function buildWorld(config: Config): Promise<World> {
  const runtimes: Runtime[] = [];
  const make = async (source: string): Promise<Runtime> => {
    const runtime = createRuntime({ ...(await optionsFor(config)), source });
    runtimes.push(runtime);
    return runtime;
  };

  // One runtime serving and calling itself, and publishing to its own subscriber.
  const local = await make('local');
  serveOrders(local);
  let received = 0;
  local.subscribe(TELEMETRY_EVENT, () => {
    received++;
  });
  const reading = telemetryReading();
  const publish: Loop = async (n, latencies) => {
    const expected = received + n;
    for (let done = 0; done < n; ) {
      const group = Math.min(PUBLISH_GROUP, n - done);
      const began = performance.now();
      for (let i = 0; i < group; i++) void local.publish(TELEMETRY_EVENT, reading);
      latencies.push(((performance.now() - began) * 1000) / group);
      done += group;
    }
    if (received !== expected) throw typewireError('INTERNAL_UNEXPECTED', `observability bench: ${expected - received} publishes were not delivered`);
  };

  // A server and a client runtime over loopback TCP.
  const server = await make('server');
  serveOrders(server);
  const tcp = await createServer(server, { port: 0, host: '127.0.0.1' });
  const caller = await make('caller');
  const client = await connect(caller, { host: '127.0.0.1', port: tcp.port ?? 0, reconnect: false });

  return {
    loops: {
      'rpc in process': sequentialCalls(createOrdersClient(local)),
      'publish in process': publish,
      'rpc over TCP': sequentialCalls(createOrdersClient(caller)),
    },
    async close() {
      await client.close();
      await tcp.terminate();
      await Promise.all(runtimes.map((r) => r.close()));
    },
  };
}

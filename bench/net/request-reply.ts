/**
 * Request/reply: typewire's generated orders client calling `placeOrder` on
 * a server runtime that serves the generated orders service (request and
 * reply each validated on both sides), against a raw echo of the same
 * request bytes. Three loads: 1 request outstanding (latency), 100 pipelined
 * on one connection, and 100 in flight spread over 8 connections.
 */
import { createOrdersClient, defineOrdersService, type OrdersClient, type PlaceOrderRequest } from '../../generated/index.js';
import { PlaceOrderRequestMessage } from '../../generated/messages/place-order-request.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import type { AsyncBenchCase } from './async-suite.js';
import type { RawEngine, RawPeer, TypewireEngine } from './engines.js';
import { pipeline, type Done } from './flow.js';
import { exampleOrder } from './payloads.js';
import { Resources, type Scenario } from './resources.js';

export const PIPELINE_DEPTH = 100;
export const CONNECTIONS = 8;

type Issue = (done: Done) => void;

/** The three loads; `run` drives one load over a list of connections (issuers). */
const LOADS = [
  { key: 'one', label: '1 outstanding', connections: 1, run: (issuers: Issue[], n: number, l: number[]) => pipeline(n, 1, issuers[0]!, l) },
  {
    key: 'pipelined',
    label: `${PIPELINE_DEPTH} pipelined`,
    connections: 1,
    run: (issuers: Issue[], n: number, l: number[]) => pipeline(n, PIPELINE_DEPTH, issuers[0]!, l),
  },
  {
    key: 'connections',
    label: `${CONNECTIONS} connections, ${PIPELINE_DEPTH} in flight`,
    connections: CONNECTIONS,
    run: (issuers: Issue[], n: number, l: number[]) => spread(issuers, n, PIPELINE_DEPTH, l),
  },
] as const;

type Load = (typeof LOADS)[number];
type LoadKey = Load['key'];

export interface RequestReplyScenario extends Scenario {
  /** Case names by load: typewire's, and the raw ones (one per raw engine; only the first for 1 outstanding, where writing per frame or coalesced is the same). */
  readonly names: Readonly<Record<LoadKey, { readonly typewire: string; readonly raw: ReadonlyArray<string> }>>;
}

/** Spreads `total` over `parts` as evenly as integers allow (the first parts get the remainder). */
export function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

/** Runs `n` requests over several connections at once, `depth` in flight in total. */
function spread(issuers: ReadonlyArray<Issue>, n: number, depth: number, latencies: number[]): Promise<void> {
  const counts = split(n, issuers.length);
  const depths = split(depth, issuers.length);
  return Promise.all(issuers.map((issue, i) => pipeline(counts[i]!, Math.max(1, depths[i]!), issue, latencies))).then(() => undefined);
}

/** A raw request: send the bytes, take the next frame back as the answer (one connection answers in order). */
function rawIssuer(peer: RawPeer, request: Uint8Array): Issue {
  const waiting: Done[] = [];
  peer.onFrame(() => waiting.shift()?.());
  return (done) => {
    waiting.push(done);
    peer.send(request);
  };
}

const PER_REQUEST = 'per-op: each request timed from issue to reply with performance.now';

export function requestReplyScenario(prefix: string, raws: ReadonlyArray<RawEngine>, typewire: TypewireEngine): RequestReplyScenario {
  const order: PlaceOrderRequest = exampleOrder();
  const requestBytes = PlaceOrderRequestMessage.msgpack.encode(order);
  const resources = new Resources();
  // Per engine: connection 0 for the single-connection loads, 1..CONNECTIONS for the spread one.
  const rawIssuers: Issue[][] = raws.map(() => []);
  const twIssuers: Issue[] = [];
  const connectionsFor = (issuers: Issue[], connections: number): Issue[] => {
    const chosen = connections === 1 ? issuers.slice(0, 1) : issuers.slice(1, 1 + connections);
    if (chosen.length !== connections) throw typewireError('INTERNAL_UNEXPECTED', 'network benchmark case ran before its setup');
    return chosen;
  };

  const casesFor = (load: Load): { cases: AsyncBenchCase[]; names: { typewire: string; raw: string[] } } => {
    const engines = load.key === 'one' ? raws.slice(0, 1) : raws;
    const rawNames = engines.map((raw) => `${prefix} raw echo, ${load.label}, ${raw.label}`);
    const typewireName = `${prefix} typewire placeOrder, ${load.label}`;
    const cases: AsyncBenchCase[] = rawNames.map((name, e) => ({
      name,
      latencyMethod: PER_REQUEST,
      run: (n, l) => load.run(connectionsFor(rawIssuers[e]!, load.connections), n, l),
    }));
    cases.push({
      name: typewireName,
      baseline: rawNames[0]!,
      latencyMethod: PER_REQUEST,
      run: (n, l) => load.run(connectionsFor(twIssuers, load.connections), n, l),
    });
    return { cases, names: { typewire: typewireName, raw: rawNames } };
  };
  const [one, pipelined, connections] = [casesFor(LOADS[0]), casesFor(LOADS[1]), casesFor(LOADS[2])];
  const cases = [...one.cases, ...pipelined.cases, ...connections.cases];
  const names = { one: one.names, pipelined: pipelined.names, connections: connections.names };

  return {
    cases,
    names,
    async setup() {
      for (const [e, raw] of raws.entries()) {
        const endpoint = resources.track(await raw.listen((peer) => peer.onFrame((frame) => peer.send(frame))), (x) => x.close());
        for (let i = 0; i <= CONNECTIONS; i++) {
          const peer = resources.track(await raw.dial(endpoint.port), (p) => p.close());
          rawIssuers[e]!.push(rawIssuer(peer, requestBytes));
        }
      }

      const serverRuntime = resources.runtime('bench-orders');
      serverRuntime.serve(
        defineOrdersService({
          placeOrder: (request) => {
            let totalCents = 0n;
            for (const line of request.items) totalCents += line.unitPriceCents * BigInt(line.quantity);
            return { orderId: 'ord-1', status: 'accepted', totalCents };
          },
          getOrder: (request, ctx) => ctx.fail('ORDER_NOT_FOUND', `no order ${request.orderId}`),
        }),
      );
      const served = resources.track(await typewire.serve(serverRuntime), (s) => s.close());
      let firstOrders: OrdersClient | undefined;
      for (let i = 0; i <= CONNECTIONS; i++) {
        const clientRuntime = resources.runtime(`bench-caller-${i}`);
        resources.track(await typewire.connect(clientRuntime, served.port), (c) => c.close());
        const orders = createOrdersClient(clientRuntime);
        firstOrders ??= orders;
        twIssuers.push((done) => {
          orders.placeOrder(order).then(() => done(), done);
        });
      }

      // Every connection must answer, and typewire's answer must be the right one, before anything is timed.
      await Promise.all([...rawIssuers.flat(), ...twIssuers].map((issue) => pipeline(1, 1, issue)));
      const expected = order.items.reduce((sum, line) => sum + line.unitPriceCents * BigInt(line.quantity), 0n);
      if (firstOrders === undefined) throw typewireError('INTERNAL_UNEXPECTED', 'request/reply benchmark: no client connected');
      const reply = await firstOrders.placeOrder(order);
      if (reply.totalCents !== expected) {
        throw typewireError('INTERNAL_UNEXPECTED', `request/reply benchmark: placeOrder answered ${reply.totalCents}, expected ${expected}`);
      }
    },
    teardown: () => resources.closeAll(),
  };
}

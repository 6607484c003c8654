/**
 * Fan-out: one publish on the server delivered to 100 client connections.
 * typewire: the server runtime publishes a telemetry reading; 100 client
 * runtimes, each on its own connection, subscribe to it (each decodes and
 * validates its copy). Baselines: a raw server writes the same payload bytes
 * to 100 raw connections. One operation is one publish, i.e. 100 deliveries.
 */
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { Arrivals } from './arrivals.js';
import type { AsyncBenchCase } from './async-suite.js';
import type { RawEngine, RawPeer, TypewireEngine } from './engines.js';
import { sendWindowed, type WindowOptions } from './flow.js';
import { encodedPayload, TELEMETRY_EVENT, telemetryReading } from './payloads.js';
import { notReady, Resources, type Scenario } from './resources.js';

export const SUBSCRIBERS = 100;
/** In publishes; each is SUBSCRIBERS deliveries. */
export const FAN_OUT_WINDOW: WindowOptions = { window: 40, chunk: 10, arrivalsPerMessage: SUBSCRIBERS };

export interface FanOutScenario extends Scenario {
  readonly rawNames: ReadonlyArray<string>;
  readonly typewireName: string;
}

/** Waits (bounded) until a raw server has seen all its connections: it learns of them after the clients do. */
async function allConnected(peers: ReadonlyArray<RawPeer>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (peers.length < SUBSCRIBERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  if (peers.length !== SUBSCRIBERS) throw typewireError('INTERNAL_UNEXPECTED', `${what}: ${peers.length} of ${SUBSCRIBERS} connections arrived`);
}

export function fanOutScenario(prefix: string, raws: ReadonlyArray<RawEngine>, typewire: TypewireEngine): FanOutScenario {
  const reading = telemetryReading();
  const bytes = encodedPayload(TELEMETRY_EVENT, reading);
  const resources = new Resources();
  const rawNames = raws.map((raw) => `${prefix} raw fan-out x${SUBSCRIBERS}, telemetry ${bytes.byteLength} B, ${raw.label}`);
  const typewireName = `${prefix} typewire fan-out x${SUBSCRIBERS}, telemetry ${bytes.byteLength} B`;
  const setups: Array<() => Promise<void>> = [];
  const cases: AsyncBenchCase[] = [];

  raws.forEach((raw, e) => {
    const arrivals = new Arrivals(rawNames[e]!);
    const subscribers: RawPeer[] = [];
    const send = (k: number): void => {
      for (let i = 0; i < k; i++) for (const peer of subscribers) peer.send(bytes);
    };
    cases.push({ name: rawNames[e]!, run: (n) => sendWindowed(n, FAN_OUT_WINDOW, send, arrivals) });
    setups.push(async () => {
      const endpoint = resources.track(await raw.listen((peer) => subscribers.push(peer)), (x) => x.close());
      for (let i = 0; i < SUBSCRIBERS; i++) {
        const peer = resources.track(await raw.dial(endpoint.port), (p) => p.close());
        peer.onFrame(() => arrivals.add());
      }
      await allConnected(subscribers, rawNames[e]!);
      await sendWindowed(1, FAN_OUT_WINDOW, send, arrivals);
    });
  });

  const arrivals = new Arrivals(typewireName);
  let send: (k: number) => void = notReady;
  cases.push({ name: typewireName, baseline: rawNames[0]!, run: (n) => sendWindowed(n, FAN_OUT_WINDOW, send, arrivals) });
  setups.push(async () => {
    const server = resources.runtime('bench-broadcaster');
    const served = resources.track(await typewire.serve(server), (s) => s.close());
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = resources.runtime(`bench-subscriber-${i}`);
      resources.track(await typewire.connect(client, served.port), (c) => c.close());
      client.subscribe(TELEMETRY_EVENT, () => arrivals.add());
      // The server must know of the subscription before the first publish.
      await client.flush();
    }
    const fail = (error: unknown): void => console.error(`${typewireName}: publish failed:`, error);
    send = (k) => {
      for (let i = 0; i < k; i++) server.publish(TELEMETRY_EVENT, reading).catch(fail);
    };
    await sendWindowed(1, FAN_OUT_WINDOW, send, arrivals);
  });

  return {
    cases,
    rawNames,
    typewireName,
    async setup() {
      for (const setup of setups) await setup();
    },
    teardown: () => resources.closeAll(),
  };
}

/**
 * One-way publish: a client sends events, a server receives them. typewire:
 * a client runtime publishes (`runtime.publish`, which is all a generated
 * `events.x.publish` calls: validated, encoded, in an envelope) to a
 * subscriber on the server runtime (which decodes and validates it).
 * Baselines: the same payload bytes as raw frames into a sink that only
 * counts them. Every side sends in chunks with a bounded number in flight
 * (flow.ts), so a rate is the rate of arrival.
 */
import type { EventDescriptor } from '../../runtime/descriptors.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { Arrivals } from './arrivals.js';
import type { AsyncBenchCase } from './async-suite.js';
import type { RawEngine, TypewireEngine } from './engines.js';
import { sendWindowed, type WindowOptions } from './flow.js';
import { encodedPayload } from './payloads.js';
import { notReady, Resources, type Scenario } from './resources.js';

export const ONE_WAY_WINDOW: WindowOptions = { window: 2000, chunk: 500 };

export interface OneWayOptions<T> {
  /** Case names start with this (e.g. `net tcp:`). */
  readonly prefix: string;
  /** What is sent, for case names (e.g. `telemetry`); its encoded size is added. */
  readonly label: string;
  readonly event: EventDescriptor<T>;
  readonly payload: T;
  /** The first is typewire's baseline; any others are measured beside it (see net.bench.ts). */
  readonly raw: ReadonlyArray<RawEngine>;
  readonly typewire: TypewireEngine;
  readonly window?: WindowOptions;
}

export interface OneWayScenario extends Scenario {
  /** One per raw engine, in order. */
  readonly rawNames: ReadonlyArray<string>;
  readonly typewireName: string;
  /** Bytes of one typewire PUB frame body on the wire (known after setup), for the report. */
  readonly frameBytes: () => number | undefined;
}

export function oneWayScenario<T>(options: OneWayOptions<T>): OneWayScenario {
  const { prefix, label, event, payload, typewire } = options;
  const window = options.window ?? ONE_WAY_WINDOW;
  const bytes = encodedPayload(event, payload);
  const resources = new Resources();
  const what = `${label} ${bytes.byteLength} B`;
  const rawNames = options.raw.map((raw) => `${prefix} raw one-way, ${what}, ${raw.label}`);
  const typewireName = `${prefix} typewire publish, ${what}`;
  const setups: Array<() => Promise<void>> = [];
  const cases: AsyncBenchCase[] = [];

  options.raw.forEach((raw, i) => {
    const arrivals = new Arrivals(rawNames[i]!);
    let send: (k: number) => void = notReady;
    cases.push({ name: rawNames[i]!, run: (n) => sendWindowed(n, window, send, arrivals) });
    setups.push(async () => {
      const endpoint = resources.track(await raw.listen((peer) => peer.onFrame(() => arrivals.add())), (e) => e.close());
      const client = resources.track(await raw.dial(endpoint.port), (p) => p.close());
      send = (k) => {
        for (let j = 0; j < k; j++) client.send(bytes);
      };
      await sendWindowed(1, window, send, arrivals);
    });
  });

  const arrivals = new Arrivals(typewireName);
  let send: (k: number) => void = notReady;
  let frameBytes: number | undefined;
  cases.push({ name: typewireName, baseline: rawNames[0]!, run: (n) => sendWindowed(n, window, send, arrivals) });
  setups.push(async () => {
    const serverRuntime = resources.runtime('bench-server');
    serverRuntime.subscribe(event, () => arrivals.add());
    const served = resources.track(await typewire.serve(serverRuntime), (s) => s.close());
    const clientRuntime = resources.runtime('bench-client');
    resources.track(await typewire.connect(clientRuntime, served.port), (c) => c.close());
    // A refused publish would otherwise only show up as a stall; say why at once.
    const fail = (error: unknown): void => console.error(`${typewireName}: publish failed:`, error);
    send = (k) => {
      for (let j = 0; j < k; j++) clientRuntime.publish(event, payload).catch(fail);
    };
    // The first message also carries the client's READY; the second alone gives the size of one frame.
    await sendWindowed(1, window, send, arrivals);
    const session = [...served.server.sessions.values()][0];
    if (session === undefined) throw typewireError('INTERNAL_UNEXPECTED', `${typewireName}: the server has no session`);
    const before = session.stats;
    await sendWindowed(1, window, send, arrivals);
    const after = session.stats;
    if (after.framesIn - before.framesIn === 1) frameBytes = after.bytesIn - before.bytesIn;
  });

  return {
    cases,
    rawNames,
    typewireName,
    frameBytes: () => frameBytes,
    async setup() {
      for (const setup of setups) await setup();
    },
    teardown: () => resources.closeAll(),
  };
}

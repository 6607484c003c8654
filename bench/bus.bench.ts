/**
 * Bus dispatch with wildcard routes vs Node's EventEmitter.
 *
 * The bus holds 50 subscriptions: 47 exact topics and the three wildcard
 * patterns of the example domain (`order.*`, `telemetry.#`,
 * `telemetry.*.temperature`). Publishing cycles through topics that reach 1–3
 * handlers each. EventEmitter gets the best case it can have: for every topic
 * exactly as many exact-name listeners as the bus delivers to, and the same
 * number of listeners overall. Both sides publish pre-built envelopes, so this
 * measures dispatch, not envelope construction.
 */
import { EventEmitter } from 'node:events';
import { Bus } from '../runtime/bus/bus.js';
import { createEnvelope, type Envelope } from '../runtime/envelope.js';
import { typewireError } from '../runtime/errors/typewire-error.js';
import type { BenchSuite } from './harness/types.js';

export const WILDCARD_PATTERNS = ['order.*', 'telemetry.#', 'telemetry.*.temperature'] as const;
export const SUBSCRIPTION_COUNT = 50;

/** What gets published; the comment says which subscriptions receive it. */
export const PUBLISHED_TOPICS = [
  'telemetry.engine.temperature', // exact + telemetry.# + telemetry.*.temperature
  'order.placed', //                 exact + order.*
  'telemetry.engine.pressure', //    exact + telemetry.#
  'chat.lobby.message', //           exact
  'telemetry.cabin.temperature', //  telemetry.# + telemetry.*.temperature
  'order.cancelled', //              order.*
  'inventory.sku.reserved', //       exact
  'telemetry.cabin.humidity', //     telemetry.#
] as const;

const EXACT_TOPICS = [
  'telemetry.engine.temperature',
  'order.placed',
  'telemetry.engine.pressure',
  'chat.lobby.message',
  'inventory.sku.reserved',
];

/** Exact topics nobody publishes to: the routes a real bus carries besides the hot ones. */
function fillerTopics(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `service${i % 9}.entity${i}.changed`);
}

export function createBusSuite(): BenchSuite {
  const exactTopics = [...EXACT_TOPICS, ...fillerTopics(SUBSCRIPTION_COUNT - WILDCARD_PATTERNS.length - EXACT_TOPICS.length)];
  const envelopes: Envelope[] = PUBLISHED_TOPICS.map((topic, i) =>
    createEnvelope(topic, { deviceId: `dev-${i}`, value: 20 + i }, { id: `bench-${i}`, timestamp: 0 }),
  );

  let busDeliveries = 0;
  const bus = new Bus();
  const onBus = (): void => {
    busDeliveries++;
  };
  for (const topic of exactTopics) bus.subscribe(topic, onBus);
  for (const pattern of WILDCARD_PATTERNS) bus.subscribe(pattern, onBus);

  // Same fan-out per topic on the emitter, as exact-name listeners.
  let emitterDeliveries = 0;
  const emitter = new EventEmitter();
  const onEmitter = (): void => {
    emitterDeliveries++;
  };
  const fanOut = envelopes.map((envelope) => bus.publish(envelope));
  PUBLISHED_TOPICS.forEach((topic, i) => {
    for (let k = 0; k < fanOut[i]!; k++) emitter.on(topic, onEmitter);
  });
  const listenerTotal = fanOut.reduce((a, b) => a + b, 0);
  for (const topic of fillerTopics(SUBSCRIPTION_COUNT - listenerTotal)) emitter.on(topic, onEmitter);

  checkSameWork(bus, emitter, envelopes, fanOut);
  busDeliveries = 0;
  emitterDeliveries = 0;

  const n = envelopes.length;
  let busNext = 0;
  let emitterNext = 0;
  return {
    name: 'bus',
    description: `dispatch to ${SUBSCRIPTION_COUNT} subscriptions (${WILDCARD_PATTERNS.join(', ')} among them), 1–3 handlers per topic`,
    cases: [
      {
        name: 'bus: EventEmitter emit (exact names)',
        op: () => {
          emitterNext = emitterNext === n - 1 ? 0 : emitterNext + 1;
          const envelope = envelopes[emitterNext]!;
          emitter.emit(envelope.type, envelope);
          return emitterDeliveries;
        },
      },
      {
        name: 'bus: typewire Bus publish (wildcards)',
        baseline: 'bus: EventEmitter emit (exact names)',
        op: () => {
          busNext = busNext === n - 1 ? 0 : busNext + 1;
          bus.publish(envelopes[busNext]!);
          return busDeliveries;
        },
      },
    ],
    targets: [{ name: 'bus: typewire Bus publish (wildcards)', metric: 'ops_per_sec', target: 0.5 }],
  };
}

/** Refuses to benchmark unless both sides deliver every topic to the same number of handlers, 1 to 3. */
function checkSameWork(bus: Bus, emitter: EventEmitter, envelopes: ReadonlyArray<Envelope>, fanOut: ReadonlyArray<number>): void {
  const subscriptions = bus.subscriptions().length;
  const listeners = emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);
  const problems: string[] = [];
  if (subscriptions !== SUBSCRIPTION_COUNT) problems.push(`bus has ${subscriptions} subscriptions`);
  if (listeners !== SUBSCRIPTION_COUNT) problems.push(`emitter has ${listeners} listeners`);
  envelopes.forEach((envelope, i) => {
    const hits = fanOut[i]!;
    if (hits < 1 || hits > 3) problems.push(`${envelope.type} reaches ${hits} bus handlers`);
    if (emitter.listenerCount(envelope.type) !== hits) problems.push(`${envelope.type}: emitter fan-out differs`);
  });
  if (problems.length > 0) {
    throw typewireError('INTERNAL_UNEXPECTED', `bus benchmark setup is unbalanced: ${problems.join('; ')}`, { details: problems });
  }
}

/**
 * Message specs and value generators shaped like generated code would
 * produce them, shared by the codec tests.
 */
import fc from 'fast-check';
import type { MessageSpec } from '../../../runtime/descriptors.js';

export function spec(name: string, fields: Pick<MessageSpec, 'structures' | 'special'>): MessageSpec {
  return { name, schemaId: `test:${name}`, fingerprint: '0'.repeat(64), validate: () => true, ...fields };
}

/** schemas/messages/place-order-request.json with its OrderLine and Address. */
export const orderSpec = spec('PlaceOrderRequest', {
  structures: [
    ['customerId', 'items', 'coupon', 'shipping'],
    ['sku', 'quantity', 'unitPriceCents'],
    ['street', 'city', 'country'],
  ],
  special: { int64: [['items', '*', 'unitPriceCents']], bytes: [] },
});

export interface Order {
  customerId: string;
  items: Array<{ sku: string; quantity: number; unitPriceCents: bigint }>;
  coupon?: string;
  shipping: { street: string; city: string; country: string };
}

export const sampleOrder: Order = {
  customerId: 'customer-7f3a9c',
  items: [
    { sku: 'ABC-1234', quantity: 2, unitPriceCents: 1999n },
    { sku: 'XYZ-0001', quantity: 1, unitPriceCents: 9_007_199_254_740_993n },
    { sku: 'QRS-4242', quantity: 12, unitPriceCents: 250n },
  ],
  coupon: 'SPRING24',
  shipping: { street: '1 Long Street', city: 'Berlin', country: 'DE' },
};

/** A message that uses every value rule: int64 in objects, arrays and maps, bytes in arrays, doubles, maps, nesting. */
export const sinkSpec = spec('KitchenSink', {
  structures: [
    ['id', 'score', 'name', 'blob', 'tags', 'counters', 'lines', 'nested', 'note'],
    ['sku', 'qty', 'price', 'attachments'],
    ['deep'],
    ['when', 'values'],
  ],
  special: {
    int64: [['id'], ['counters', '*'], ['lines', '*', 'price'], ['nested', 'deep', 'when']],
    bytes: [['blob'], ['lines', '*', 'attachments', '*']],
  },
});

export interface Sink {
  id: bigint;
  score: number;
  name: string;
  blob: Uint8Array;
  tags: Record<string, string>;
  counters: Record<string, bigint>;
  lines: Array<{ sku: string; qty: number; price: bigint; attachments: Uint8Array[] }>;
  nested: { deep: { when: bigint; values: number[] } };
  note?: string;
}

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
// msgpackr guards `__proto__` by renaming it, so it is tested on its own, not in round trips.
const mapKey = fc.string({ maxLength: 8 }).filter((key) => key !== '__proto__');
const bytes = fc.uint8Array({ maxLength: 40 });

/** Doubles including NaN, ±Infinity and -0 (which the codecs normalise; see `normalizeNumbers`). */
export function sinkArb(double: fc.Arbitrary<number> = fc.double()): fc.Arbitrary<Sink> {
  return fc.record(
    {
      id: int64,
      score: double,
      name: fc.string(),
      blob: bytes,
      tags: fc.dictionary(mapKey, fc.string({ maxLength: 6 }), { maxKeys: 4, noNullPrototype: true }),
      counters: fc.dictionary(mapKey, int64, { maxKeys: 4, noNullPrototype: true }),
      lines: fc.array(
        fc.record(
          { sku: fc.string({ maxLength: 8 }), qty: fc.integer(), price: int64, attachments: fc.array(bytes, { maxLength: 3 }) },
          { noNullPrototype: true },
        ),
        { maxLength: 4 },
      ),
      nested: fc.record(
        { deep: fc.record({ when: int64, values: fc.array(double, { maxLength: 4 }) }, { noNullPrototype: true }) },
        { noNullPrototype: true },
      ),
      note: fc.string({ maxLength: 10 }),
    },
    { requiredKeys: ['id', 'score', 'name', 'blob', 'tags', 'counters', 'lines', 'nested'], noNullPrototype: true },
  );
}

/** Replaces -0 by 0 everywhere (neither msgpack integers nor JSON keep the sign of zero). */
export function normalizeNumbers<T>(value: T): T {
  if (typeof value === 'number') return (Object.is(value, -0) ? 0 : value) as T;
  if (Array.isArray(value)) return value.map(normalizeNumbers) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalizeNumbers(item)])) as T;
  }
  return value;
}

/** Deterministic pseudo-random bytes for fuzzing (no Math.random: failures must reproduce). */
export function* randomInputs(seed: number, count: number, maxLength: number): Generator<Uint8Array> {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  for (let i = 0; i < count; i++) {
    const out = new Uint8Array(next() % (maxLength + 1));
    for (let j = 0; j < out.length; j++) out[j] = next() >>> 24;
    yield out;
  }
}

/** Each input with one byte changed, then cut at every length. */
export function* mutations(valid: Uint8Array, seed: number, count: number): Generator<Uint8Array> {
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const copy = new Uint8Array(valid);
    copy[state % copy.length] = state >>> 24;
    yield copy;
  }
  for (let cut = 0; cut < valid.length; cut++) yield valid.subarray(0, cut);
}

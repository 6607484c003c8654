/**
 * The specialised decoder must never disagree with msgpackr: for any input it
 * either declines (the codec then asks msgpackr) or returns exactly the value
 * msgpackr returns, with the int64 rule applied. Fuzzed differentially here,
 * plus its limits on hostile lengths.
 */
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { createMsgpackCodec } from '../../../runtime/codec/msgpack-codec.js';
import { createSchemaPackr } from '../../../runtime/codec/msgpack-packr.js';
import { createRecordDecoder, DECLINED } from '../../../runtime/codec/record-decoder.js';
import { createRecordEncoder } from '../../../runtime/codec/record-encoder.js';
import { compileSpecialPaths, mapInPlace } from '../../../runtime/codec/special-paths.js';
import { thrownBy } from './assertions.js';
import { mutations, orderSpec, randomInputs, sampleOrder, sinkArb, sinkSpec } from './fixtures.js';

const structures = sinkSpec.structures;
const int64 = compileSpecialPaths({ int64: sinkSpec.special.int64, bytes: [] })!;
const fast = createRecordDecoder(structures, int64);
const packr = createSchemaPackr(structures);

/** msgpackr's answer, as the codec's fallback computes it. */
function reference(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    const value = packr.unpack(bytes);
    return { ok: true, value: mapInPlace(value, int64, (_kind, v) => (typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v)) };
  } catch {
    return { ok: false };
  }
}

let agreed = 0;
function expectAgreement(bytes: Uint8Array): void {
  const value = fast(bytes);
  if (value === DECLINED) return;
  const expected = reference(bytes);
  expect(expected.ok).toBe(true);
  if (expected.ok) expect(value).toEqual(expected.value);
  agreed++;
}

describe('record decoder: agrees with msgpackr or declines', () => {
  it('on random bytes', () => {
    agreed = 0;
    for (const input of randomInputs(3, 4000, 48)) expectAgreement(input);
    for (const input of randomInputs(4, 4000, 6)) expectAgreement(input);
    expect(agreed).toBeGreaterThan(300); // it does accept some of them
  });

  it('on mutations and truncations of valid messages from both encoders', () => {
    const encode = createRecordEncoder(structures);
    const samples = fc.sample(sinkArb(), { seed: 5, numRuns: 12 });
    agreed = 0;
    samples.forEach((value, i) => {
      for (const bytes of [encode(value)!, packr.pack(value)]) {
        for (const input of mutations(Uint8Array.from(bytes), i + 100, 300)) expectAgreement(input);
      }
    });
    expect(agreed).toBeGreaterThan(1000);
  });

  it('on whatever other msgpackr configurations write', () => {
    const writers = [new Packr({ useRecords: false }), new Packr({ useRecords: false, variableMapSize: true }), new Packr({ structures: [] }), new Packr()];
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { maxDepth: 4 },
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.double(),
        fc.integer(),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.uint8Array({ maxLength: 10 }),
        fc.array(tie('any'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie('any'), { maxKeys: 4, noNullPrototype: true }),
      ),
    })).any;
    fc.assert(
      fc.property(value, fc.nat(writers.length - 1), (item, writer) => {
        expectAgreement(Uint8Array.from(writers[writer]!.pack(item)));
      }),
      { seed: 21, numRuns: 1500 },
    );
  });
});

describe('record decoder: hostile lengths', () => {
  const codec = createMsgpackCodec<unknown>(orderSpec);
  const huge = [0xff, 0xff, 0xff, 0xff];
  const claims = {
    array32: [0xdd, ...huge],
    array16: [0xdc, 0xff, 0xff, 0x01],
    map32: [0xdf, ...huge],
    str32: [0xdb, ...huge, 0x61],
    bin32: [0xc6, ...huge, 0x01],
    nestedArrays: Array.from({ length: 200 }, () => [0xdc, 0x01, 0x00]).flat(),
  };

  it('refuses each with a coded error', () => {
    for (const bytes of Object.values(claims)) {
      expect(fast(new Uint8Array(bytes))).toBe(DECLINED);
      expect(thrownBy(() => codec.decode(new Uint8Array(bytes))).code).toBe('SERIALIZATION_DECODE_FAILED');
    }
  });

  /** The lengths of the arrays `run` allocates with `new Array(n)`. */
  function arrayAllocations(run: () => void): number[] {
    const lengths: number[] = [];
    const RealArray = globalThis.Array;
    globalThis.Array = new Proxy(RealArray, {
      construct(target, args: unknown[]) {
        if (typeof args[0] === 'number') lengths.push(args[0]);
        return Reflect.construct(target, args) as object;
      },
    });
    try {
      run();
    } finally {
      globalThis.Array = RealArray;
    }
    return lengths;
  }

  it('allocates arrays for no more elements in all than the input has bytes', () => {
    for (const bytes of Object.values(claims)) {
      const total = arrayAllocations(() => fast(new Uint8Array(bytes))).reduce((sum, n) => sum + n, 0);
      expect(total).toBeLessThanOrEqual(bytes.length);
    }
    // The spy does see the decoder's allocations.
    expect(arrayAllocations(() => fast(new Uint8Array([0x93, 0x01, 0x02, 0x03])))).toContain(3);
  });

  it('keeps reading honest messages after declining hostile ones', () => {
    const order = createMsgpackCodec<unknown>(orderSpec);
    const valid = order.encode(sampleOrder);
    for (const bytes of Object.values(claims)) fast(new Uint8Array(bytes));
    expect(order.decode(valid)).toEqual(sampleOrder);
  });
});

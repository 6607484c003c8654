import fc from 'fast-check';
import { Value, type ValueKind } from '../../../runtime/container/value.js';
import { ValueContainer } from '../../../runtime/container/value-container.js';

/**
 * A plain description of a container, built without the serializers, so
 * round-trip tests compare against something independent of the code under
 * test. -0 is spelled out because toEqual treats it as different from 0 only
 * sometimes; bytes become arrays.
 */
export function describeContainer(container: ValueContainer): unknown {
  return { header: { ...container.header }, entries: [...container.entries()].map(([key, value]) => [key, describeValue(value)]) };
}

function describeValue(value: Value): unknown {
  switch (value.kind) {
    case 'container':
      return ['container', describeContainer(value.value)];
    case 'array':
      return ['array', value.value.map(describeValue)];
    case 'bytes':
      return ['bytes', [...value.value]];
    case 'float':
    case 'double':
      return [value.kind, Object.is(value.value, -0) ? '-0' : value.value];
    default:
      return [value.kind, value.value];
  }
}

export const KIND_SAMPLES: ReadonlyArray<readonly [string, Value]> = [
  ['bool', Value.bool(true)],
  ['int8 min', Value.int8(-128)],
  ['int8 max', Value.int8(127)],
  ['int16 min', Value.int16(-32768)],
  ['int32 max', Value.int32(2147483647)],
  ['int64 min', Value.int64(-(2n ** 63n))],
  ['int64 2^53+1', Value.int64(9007199254740993n)],
  ['int64 small', Value.int64(5n)],
  ['uint8 max', Value.uint8(255)],
  ['uint16 max', Value.uint16(65535)],
  ['uint32 max', Value.uint32(4294967295)],
  ['uint64 max', Value.uint64(2n ** 64n - 1n)],
  ['float 0.1', Value.float(0.1)],
  ['float -0', Value.float(-0)],
  ['float NaN', Value.float(Number.NaN)],
  ['float -Infinity', Value.float(-Infinity)],
  ['double 0.1', Value.double(0.1)],
  ['double -0', Value.double(-0)],
  ['double max', Value.double(Number.MAX_VALUE)],
  ['double Infinity', Value.double(Infinity)],
  ['string', Value.string('héllo ✓ \u0000')],
  ['empty string', Value.string('')],
  ['bytes', Value.bytes(new Uint8Array([0, 255, 7]))],
  ['empty bytes', Value.bytes(new Uint8Array())],
  ['container', Value.container(new ValueContainer({ type: 'child', source: 's', target: 't', id: 'c1' }).set('n', Value.int8(1)))],
  ['array', Value.array([Value.int8(1), Value.string('x'), Value.array([Value.uint64(1n)])])],
  ['empty array', Value.array([])],
];

const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.boolean().map(Value.bool),
  fc.integer({ min: -128, max: 127 }).map(Value.int8),
  fc.integer({ min: -32768, max: 32767 }).map(Value.int16),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(Value.int32),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v) => Value.int64(v)),
  fc.integer({ min: 0, max: 255 }).map(Value.uint8),
  fc.integer({ min: 0, max: 65535 }).map(Value.uint16),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(Value.uint32),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => Value.uint64(v)),
  fc.float().map(Value.float),
  fc.double().map(Value.double),
  fc.string().map(Value.string),
  fc.uint8Array({ maxLength: 16 }).map(Value.bytes),
);

const headerArb = fc.record({ type: fc.string(), source: fc.string(), target: fc.string(), id: fc.string() });

/** Containers of every kind, nested containers and arrays included. */
export const containerArb: fc.Arbitrary<ValueContainer> = fc.letrec<{ value: Value; container: ValueContainer }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 3 }).map(Value.array), tie('container').map(Value.container)),
  container: fc
    .tuple(headerArb, fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), tie('value')), { maxLength: 5, selector: ([key]) => key }))
    .map(([header, entries]) => {
      const container = new ValueContainer(header);
      for (const [key, value] of entries) container.set(key, value);
      return container;
    }),
})).container;

/** A chain of `depth` containers, each holding the next under "child". */
export function nestedChain(depth: number): ValueContainer {
  let inner = new ValueContainer({ type: 'leaf' });
  for (let i = 1; i < depth; i++) inner = new ValueContainer({ type: `level-${i}` }).set('child', Value.container(inner));
  return inner;
}

export type { ValueKind };

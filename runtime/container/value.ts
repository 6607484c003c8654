/**
 * Typed values for the schema-less container. The kind travels with the
 * value, so an int64 stays a 64-bit integer and a float stays 32-bit through
 * any serialization, which plain JSON or msgpack numbers cannot promise.
 */
import { typewireError } from '../errors/typewire-error.js';
import { normalizeScalar, scalarProblem } from './check-value.js';
import type { ValueContainer } from './value-container.js';

/** The JavaScript type that holds each kind. 64-bit integers are bigint; float is a double rounded to float32. */
export interface ValueTypes {
  bool: boolean;
  int8: number;
  int16: number;
  int32: number;
  int64: bigint;
  uint8: number;
  uint16: number;
  uint32: number;
  uint64: bigint;
  float: number;
  double: number;
  string: string;
  bytes: Uint8Array;
  container: ValueContainer;
  array: ReadonlyArray<Value>;
}

export type ValueKind = keyof ValueTypes;

/** One typed value; `Value<'int32'>` narrows to `{ kind: 'int32'; value: number }`. */
export type Value<K extends ValueKind = ValueKind> = K extends ValueKind ? { readonly kind: K; readonly value: ValueTypes[K] } : never;

/** Every kind, in wire order: a kind's index is its code in the binary form. Append only. */
export const VALUE_KINDS: ReadonlyArray<ValueKind> = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float',
  'double',
  'string',
  'bytes',
  'container',
  'array',
];

const KIND_SET: ReadonlySet<string> = new Set(VALUE_KINDS);

export function isValueKind(kind: unknown): kind is ValueKind {
  return typeof kind === 'string' && KIND_SET.has(kind);
}

function scalar<K extends ValueKind>(kind: K, value: ValueTypes[K]): Value<K> {
  const problem = scalarProblem(kind, value);
  if (problem !== undefined) throw typewireError('VALIDATION_BAD_ARGUMENT', `Value.${kind}: ${problem}`, { details: { kind } });
  return { kind, value: normalizeScalar(kind, value) } as Value<K>;
}

/** A number is accepted for 64-bit kinds when it is a safe integer (`Value.int64(5)`). */
function big<K extends 'int64' | 'uint64'>(kind: K, value: bigint | number): Value<K> {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw typewireError('VALIDATION_BAD_ARGUMENT', `Value.${kind}: ${value} is not a safe integer; pass a bigint`, { details: { kind } });
    }
    return scalar(kind, BigInt(value) as ValueTypes[K]);
  }
  return scalar(kind, value as ValueTypes[K]);
}

/**
 * Factories that check the range of their kind and throw
 * VALIDATION_BAD_ARGUMENT outside it: `Value.int8(300)` throws, `Value.float(0.1)`
 * stores `Math.fround(0.1)`. Containers and arrays are checked when `set`.
 */
export const Value = {
  bool: (value: boolean): Value<'bool'> => scalar('bool', value),
  int8: (value: number): Value<'int8'> => scalar('int8', value),
  int16: (value: number): Value<'int16'> => scalar('int16', value),
  int32: (value: number): Value<'int32'> => scalar('int32', value),
  int64: (value: bigint | number): Value<'int64'> => big('int64', value),
  uint8: (value: number): Value<'uint8'> => scalar('uint8', value),
  uint16: (value: number): Value<'uint16'> => scalar('uint16', value),
  uint32: (value: number): Value<'uint32'> => scalar('uint32', value),
  uint64: (value: bigint | number): Value<'uint64'> => big('uint64', value),
  float: (value: number): Value<'float'> => scalar('float', value),
  double: (value: number): Value<'double'> => scalar('double', value),
  string: (value: string): Value<'string'> => scalar('string', value),
  bytes: (value: Uint8Array): Value<'bytes'> => scalar('bytes', value),
  container: (value: ValueContainer): Value<'container'> => ({ kind: 'container', value }),
  array: (items: ReadonlyArray<Value>): Value<'array'> => ({ kind: 'array', value: items }),
} as const;

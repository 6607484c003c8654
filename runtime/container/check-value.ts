/**
 * Range and type rules for each kind, shared by `set` (which reports a bad
 * argument) and the decoders (which report bad input), so both sides accept
 * exactly the same values.
 */
import type { ValueKind } from './value.js';

interface IntRange {
  readonly min: number;
  readonly max: number;
}

const SMALL_INTS: Readonly<Partial<Record<ValueKind, IntRange>>> = {
  int8: { min: -0x80, max: 0x7f },
  int16: { min: -0x8000, max: 0x7fff },
  int32: { min: -0x80000000, max: 0x7fffffff },
  uint8: { min: 0, max: 0xff },
  uint16: { min: 0, max: 0xffff },
  uint32: { min: 0, max: 0xffffffff },
};

const BIG_INTS: Readonly<Partial<Record<ValueKind, { readonly min: bigint; readonly max: bigint }>>> = {
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  uint64: { min: 0n, max: 2n ** 64n - 1n },
};

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.length})`;
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

/**
 * Checks a scalar (every kind but `container` and `array`) and returns why it
 * is not acceptable, or undefined. 64-bit kinds take a bigint only; callers
 * that accept a number convert it first.
 */
export function scalarProblem(kind: ValueKind, value: unknown): string | undefined {
  const small = SMALL_INTS[kind];
  if (small !== undefined) {
    if (typeof value !== 'number' || !Number.isInteger(value)) return `${kind} needs an integer, got ${show(value)}`;
    if (value < small.min || value > small.max) return `${show(value)} is outside the ${kind} range ${small.min}..${small.max}`;
    return undefined;
  }
  const big = BIG_INTS[kind];
  if (big !== undefined) {
    if (typeof value !== 'bigint') return `${kind} needs a bigint, got ${show(value)}`;
    if (value < big.min || value > big.max) return `${show(value)} is outside the ${kind} range ${big.min}..${big.max}`;
    return undefined;
  }
  switch (kind) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : `bool needs a boolean, got ${show(value)}`;
    case 'float':
      if (typeof value !== 'number') return `float needs a number, got ${show(value)}`;
      // NaN and ±Infinity are float32 values; a finite number beyond float32 would silently become Infinity.
      if (Number.isFinite(value) && !Number.isFinite(Math.fround(value))) return `${show(value)} is outside the float (32-bit) range`;
      return undefined;
    case 'double':
      return typeof value === 'number' ? undefined : `double needs a number, got ${show(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `string needs a string, got ${show(value)}`;
    case 'bytes':
      return value instanceof Uint8Array ? undefined : `bytes needs a Uint8Array, got ${show(value)}`;
    default:
      return `${kind} is not a scalar kind`;
  }
}

/** The stored form of a checked scalar: floats are kept rounded to float32 so what you read is what travels. */
export function normalizeScalar(kind: ValueKind, value: unknown): unknown {
  return kind === 'float' ? Math.fround(value as number) : value;
}

/**
 * The JSON form of a container: readable, and as lossless as the binary form
 * because every value carries its kind.
 *
 *   { "header": { "id", "type", "source", "target" },
 *     "values": [ { "key": "count", "k": "int32", "v": 5 },
 *                 { "key": "big", "k": "uint64", "v": "18446744073709551615" } ] }
 *
 * Values are an array, not an object, because JSON objects put integer-like
 * keys ("1", "2") first and the container keeps insertion order.
 * int64/uint64 are decimal strings; bytes are base64; float/double are
 * numbers, except "NaN", "Infinity", "-Infinity" and "-0", which JSON numbers
 * cannot hold; a nested container is the same object shape; an array is a
 * list of `{ "k", "v" }`.
 */
import { base64ToBytes, bytesToBase64 } from '../codec/base64.js';
import { checkSize } from '../codec/limits.js';
import { normalizeScalar, scalarProblem } from './check-value.js';
import {
  childPath,
  decodeFailed,
  headerFrom,
  maxDepthOf,
  tooDeep,
  type BuildContainer,
  type ContainerHeader,
  type ContainerLimits,
} from './container-wire.js';
import { isValueKind, type Value, type ValueKind } from './value.js';
import type { ValueContainer } from './value-container.js';

export type ContainerJsonScalar = boolean | number | string;

export interface ContainerJsonValue {
  readonly k: ValueKind;
  readonly v: ContainerJsonScalar | ContainerJson | ReadonlyArray<ContainerJsonValue>;
}

export interface ContainerJsonEntry extends ContainerJsonValue {
  readonly key: string;
}

export interface ContainerJson {
  readonly header: ContainerHeader;
  readonly values: ReadonlyArray<ContainerJsonEntry>;
}

const SPECIAL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
]);
const INT64_TEXT = /^-?\d{1,20}$/;

export function containerToJson(container: ValueContainer, limits?: ContainerLimits): ContainerJson {
  return toJson(container, 1, maxDepthOf(limits), '$');
}

function toJson(container: ValueContainer, depth: number, maxDepth: number, where: string): ContainerJson {
  if (depth > maxDepth) throw tooDeep('json', where, maxDepth, true);
  const values: ContainerJsonEntry[] = [];
  for (const [key, value] of container.entries()) {
    values.push({ key, k: value.kind, v: valueToJson(value, depth, maxDepth, childPath(where, key)) });
  }
  return { header: { ...container.header }, values };
}

function valueToJson(value: Value, depth: number, maxDepth: number, where: string): ContainerJsonValue['v'] {
  switch (value.kind) {
    case 'container':
      return toJson(value.value, depth + 1, maxDepth, where);
    case 'array':
      if (depth + 1 > maxDepth) throw tooDeep('json', where, maxDepth, true);
      return value.value.map((item, i) => ({ k: item.kind, v: valueToJson(item, depth + 1, maxDepth, childPath(where, i)) }));
    case 'int64':
    case 'uint64':
      return value.value.toString();
    case 'float':
    case 'double':
      if (Object.is(value.value, -0)) return '-0';
      return Number.isFinite(value.value) ? value.value : String(value.value); // "NaN", "Infinity", "-Infinity"
    case 'bytes':
      return bytesToBase64(value.value);
    default:
      return value.value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function containerFromJson(input: unknown, build: BuildContainer, limits?: ContainerLimits): ValueContainer {
  let parsed = input;
  if (typeof input === 'string') {
    checkSize(input.length, limits, 'container (json)');
    try {
      parsed = JSON.parse(input);
    } catch (error) {
      throw decodeFailed('json', '$', error instanceof Error ? error.message : String(error));
    }
  }
  return new JsonReader(build, maxDepthOf(limits)).container(parsed, 1, '$');
}

class JsonReader {
  constructor(
    private readonly build: BuildContainer,
    private readonly maxDepth: number,
  ) {}

  container(raw: unknown, depth: number, where: string): ValueContainer {
    if (depth > this.maxDepth) throw tooDeep('json', where, this.maxDepth, false);
    if (!isRecord(raw)) throw decodeFailed('json', where, 'a container must be an object with "header" and "values"');
    const header = raw.header;
    if (!isRecord(header)) throw decodeFailed('json', where, '"header" must be an object');
    const values = raw.values;
    if (!Array.isArray(values)) throw decodeFailed('json', where, '"values" must be an array');
    const checkedHeader = headerFrom('json', where, (field) => header[field]);
    const seen = new Set<string>();
    const out: Array<readonly [string, Value]> = [];
    values.forEach((entry: unknown, i) => {
      if (!isRecord(entry) || typeof entry.key !== 'string') throw decodeFailed('json', where, `values[${i}] must be an object with a string "key"`);
      if (seen.has(entry.key)) throw decodeFailed('json', where, `duplicate key ${JSON.stringify(entry.key)}`);
      seen.add(entry.key);
      out.push([entry.key, this.value(entry, depth, childPath(where, entry.key))]);
    });
    return this.build(checkedHeader, out);
  }

  value(entry: Record<string, unknown>, depth: number, where: string): Value {
    const kind = entry.k;
    const raw = entry.v;
    if (!isValueKind(kind)) throw decodeFailed('json', where, `unknown kind ${JSON.stringify(kind) ?? 'undefined'}`);
    if (kind === 'container') return { kind, value: this.container(raw, depth + 1, where) };
    if (kind === 'array') {
      if (depth + 1 > this.maxDepth) throw tooDeep('json', where, this.maxDepth, false);
      if (!Array.isArray(raw)) throw decodeFailed('json', where, 'an array value must be a list of {"k", "v"}');
      const items = raw.map((item: unknown, i) => {
        if (!isRecord(item)) throw decodeFailed('json', childPath(where, i), 'an array item must be {"k", "v"}');
        return this.value(item, depth + 1, childPath(where, i));
      });
      return { kind, value: Object.freeze(items) };
    }
    const value = scalarFromJson(kind, raw, where);
    const problem = scalarProblem(kind, value);
    if (problem !== undefined) throw decodeFailed('json', where, problem);
    if (kind === 'float' && !Object.is(normalizeScalar(kind, value), value)) throw decodeFailed('json', where, `${String(value)} is not a 32-bit float`);
    return { kind, value } as Value;
  }
}

/** Undoes the string forms of `valueToJson`; anything else is passed on to the range check. */
function scalarFromJson(kind: ValueKind, raw: unknown, where: string): unknown {
  if (typeof raw !== 'string') {
    // Hand-written JSON may give a small 64-bit integer as a number.
    if ((kind === 'int64' || kind === 'uint64') && typeof raw === 'number' && Number.isSafeInteger(raw)) return BigInt(raw);
    return raw;
  }
  switch (kind) {
    case 'int64':
    case 'uint64':
      if (!INT64_TEXT.test(raw)) throw decodeFailed('json', where, `${kind} must be a decimal string, got ${JSON.stringify(raw.slice(0, 40))}`);
      return BigInt(raw);
    case 'float':
    case 'double': {
      const special = SPECIAL_NUMBERS.get(raw);
      if (special === undefined) throw decodeFailed('json', where, `${kind} must be a number or one of NaN, Infinity, -Infinity, -0`);
      return special;
    }
    case 'bytes': {
      const bytes = base64ToBytes(raw);
      if (bytes === undefined) throw decodeFailed('json', where, 'bytes must be standard base64');
      return bytes;
    }
    default:
      return raw;
  }
}

/**
 * The binary form of a container, as msgpack:
 *
 *   [formatVersion, container]
 *   container = [id, type, source, target, entries]
 *   entries   = [key, kindCode, value, key, kindCode, value, ...]
 *   array     = [kindCode, value, kindCode, value, ...]
 *
 * `kindCode` is the kind's index in VALUE_KINDS. A 64-bit integer within
 * ±2^53 is written as a plain msgpack integer (the kind says it is 64-bit),
 * so small counters do not cost nine bytes. A float or double -0 is written
 * as the string "-0": msgpack writes it as integer 0, and the sign would be lost.
 */
import { clearSource } from 'msgpackr';
import { decodeError, encodeError } from '../codec/codec-errors.js';
import { checkSize } from '../codec/limits.js';
import { plainView } from '../codec/bytes.js';
import { createPlainPackr } from '../codec/msgpack-packr.js';
import { normalizeScalar, scalarProblem } from './check-value.js';
import {
  childPath,
  decodeFailed,
  headerFrom,
  HEADER_FIELDS,
  maxDepthOf,
  tooDeep,
  type BuildContainer,
  type ContainerLimits,
} from './container-wire.js';
import { VALUE_KINDS, type Value, type ValueKind } from './value.js';
import type { ValueContainer } from './value-container.js';

const FORMAT_VERSION = 1;
const packr = createPlainPackr();
const KIND_CODE: ReadonlyMap<ValueKind, number> = new Map(VALUE_KINDS.map((kind, code) => [kind, code]));
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const NEGATIVE_ZERO = '-0';

export function containerToBinary(container: ValueContainer, limits?: ContainerLimits): Uint8Array {
  const wire = [FORMAT_VERSION, containerWire(container, 1, maxDepthOf(limits), '$')];
  try {
    return plainView(packr.pack(wire));
  } catch (error) {
    throw encodeError(error, { codec: 'container' });
  }
}

function containerWire(container: ValueContainer, depth: number, maxDepth: number, where: string): unknown[] {
  if (depth > maxDepth) throw tooDeep('binary', where, maxDepth, true);
  const entries: unknown[] = [];
  for (const [key, value] of container.entries()) {
    entries.push(key, KIND_CODE.get(value.kind), valueWire(value, depth, maxDepth, childPath(where, key)));
  }
  const { id, type, source, target } = container.header;
  return [id, type, source, target, entries];
}

function valueWire(value: Value, depth: number, maxDepth: number, where: string): unknown {
  switch (value.kind) {
    case 'container':
      return containerWire(value.value, depth + 1, maxDepth, where);
    case 'array': {
      if (depth + 1 > maxDepth) throw tooDeep('binary', where, maxDepth, true);
      const out: unknown[] = [];
      value.value.forEach((item, i) => out.push(KIND_CODE.get(item.kind), valueWire(item, depth + 1, maxDepth, childPath(where, i))));
      return out;
    }
    case 'int64':
    case 'uint64':
      return value.value >= MIN_SAFE && value.value <= MAX_SAFE ? Number(value.value) : value.value;
    case 'float':
    case 'double':
      return Object.is(value.value, -0) ? NEGATIVE_ZERO : value.value;
    default:
      return value.value;
  }
}

export function containerFromBinary(bytes: Uint8Array, build: BuildContainer, limits?: ContainerLimits): ValueContainer {
  checkSize(bytes.byteLength, limits, 'container (binary)');
  let decoded: unknown;
  try {
    decoded = packr.unpack(plainView(bytes));
  } catch (error) {
    clearSource();
    throw decodeError(error, { codec: 'container' });
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw decodeFailed('binary', '$', 'expected [formatVersion, container]');
  if (decoded[0] !== FORMAT_VERSION) throw decodeFailed('binary', '$', `unsupported format version ${String(decoded[0])}`);
  return new BinaryReader(build, maxDepthOf(limits)).container(decoded[1], 1, '$');
}

class BinaryReader {
  constructor(
    private readonly build: BuildContainer,
    private readonly maxDepth: number,
  ) {}

  container(raw: unknown, depth: number, where: string): ValueContainer {
    if (depth > this.maxDepth) throw tooDeep('binary', where, this.maxDepth, false);
    if (!Array.isArray(raw) || raw.length !== 5) throw decodeFailed('binary', where, 'a container must be [id, type, source, target, entries]');
    const header = headerFrom('binary', where, (field) => raw[HEADER_FIELDS.indexOf(field)]);
    const entries: unknown = raw[4];
    if (!Array.isArray(entries) || entries.length % 3 !== 0) throw decodeFailed('binary', where, 'entries must be [key, kind, value, ...]');
    const seen = new Set<string>();
    const out: Array<readonly [string, Value]> = [];
    for (let i = 0; i < entries.length; i += 3) {
      const key: unknown = entries[i];
      if (typeof key !== 'string') throw decodeFailed('binary', where, `key #${i / 3} must be a string, got ${typeof key}`);
      if (seen.has(key)) throw decodeFailed('binary', where, `duplicate key ${JSON.stringify(key)}`);
      seen.add(key);
      out.push([key, this.value(entries[i + 1], entries[i + 2], depth, childPath(where, key))]);
    }
    return this.build(header, out);
  }

  value(code: unknown, raw: unknown, depth: number, where: string): Value {
    const kind = typeof code === 'number' ? VALUE_KINDS[code] : undefined;
    if (kind === undefined) throw decodeFailed('binary', where, `unknown kind code ${String(code)}`);
    if (kind === 'container') return { kind, value: this.container(raw, depth + 1, where) };
    if (kind === 'array') {
      if (depth + 1 > this.maxDepth) throw tooDeep('binary', where, this.maxDepth, false);
      if (!Array.isArray(raw) || raw.length % 2 !== 0) throw decodeFailed('binary', where, 'an array must be [kind, value, ...]');
      const items: Value[] = [];
      for (let j = 0; j < raw.length; j += 2) items.push(this.value(raw[j], raw[j + 1], depth + 1, childPath(where, j / 2)));
      return { kind, value: Object.freeze(items) };
    }
    const value = rawScalar(kind, raw);
    const problem = scalarProblem(kind, value);
    if (problem !== undefined) throw decodeFailed('binary', where, problem);
    // A float must already be a float32: rounding here would hide a writer's bug.
    if (kind === 'float' && !Object.is(normalizeScalar(kind, value), value)) throw decodeFailed('binary', where, `${String(value)} is not a 32-bit float`);
    return { kind, value } as Value;
  }
}

/** Undoes the compact forms `valueWire` writes. */
function rawScalar(kind: ValueKind, raw: unknown): unknown {
  if ((kind === 'int64' || kind === 'uint64') && typeof raw === 'number' && Number.isSafeInteger(raw)) return BigInt(raw);
  if ((kind === 'float' || kind === 'double') && raw === NEGATIVE_ZERO) return -0;
  return raw;
}

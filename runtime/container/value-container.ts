/**
 * A dynamic, typed key/value container for data without a schema (the idea
 * of the C++ "value container"): a header saying who sent it, to whom and
 * what it is, and values that keep their exact kind (int8 … uint64, float vs
 * double, bytes, nested containers, arrays) through binary and JSON.
 *
 * Keys keep insertion order, and both serializations keep it too.
 */
import { nextId } from '../envelope.js';
import { typewireError } from '../errors/typewire-error.js';
import { normalizeScalar, scalarProblem } from './check-value.js';
import { containerFromBinary, containerToBinary } from './container-binary.js';
import { containerFromJson, containerToJson, type ContainerJson } from './container-json.js';
import type { ContainerHeader, ContainerLimits } from './container-wire.js';
import { isValueKind, type Value, type ValueKind, type ValueTypes } from './value.js';

export interface ContainerHeaderInit {
  readonly type: string;
  readonly source?: string;
  readonly target?: string;
  /** Defaults to a fresh process-unique id. */
  readonly id?: string;
}

function badArgument(message: string, details: Record<string, unknown>): Error {
  return typewireError('VALIDATION_BAD_ARGUMENT', message, { details });
}

function checkHeader(init: ContainerHeaderInit): ContainerHeader {
  const header = { id: init.id ?? nextId(), type: init.type, source: init.source ?? '', target: init.target ?? '' };
  for (const [field, value] of Object.entries(header)) {
    if (typeof value !== 'string') throw badArgument(`container header "${field}" must be a string, got ${typeof value}`, { field });
  }
  return header;
}

export class ValueContainer {
  readonly header: ContainerHeader;
  readonly #values = new Map<string, Value>();

  constructor(header: ContainerHeaderInit) {
    this.header = Object.freeze(checkHeader(header));
  }

  get size(): number {
    return this.#values.size;
  }

  /**
   * Stores a value under `key` (replacing any previous one) and returns this.
   * Throws VALIDATION_BAD_ARGUMENT, naming the key and kind, when the value is
   * outside its kind's range or of the wrong type. Arrays are copied, so later
   * changes to the array passed in do not bypass the check.
   */
  set(key: string, value: Value): this {
    if (typeof key !== 'string') throw badArgument(`container key must be a string, got ${typeof key}`, { key: String(key) });
    this.#values.set(key, this.#checked(value, JSON.stringify(key), key));
    return this;
  }

  #checked(value: Value, where: string, key: string): Value {
    const kind: unknown = (value as { kind?: unknown } | null)?.kind;
    if (!isValueKind(kind)) throw badArgument(`container key ${where}: unknown kind ${JSON.stringify(kind)}`, { key, kind });
    const raw: unknown = value.value;
    if (kind === 'container') {
      if (!(raw instanceof ValueContainer)) throw badArgument(`container key ${where}: container needs a ValueContainer`, { key, kind });
      // Deeper cycles are caught by the depth limit when serializing.
      if (raw === this) throw badArgument(`container key ${where}: a container cannot contain itself`, { key, kind });
      return value;
    }
    if (kind === 'array') {
      if (!Array.isArray(raw)) throw badArgument(`container key ${where}: array needs an array of values`, { key, kind });
      const items = (raw as ReadonlyArray<Value>).map((item, i) => this.#checked(item, `${where}[${i}]`, key));
      return { kind, value: Object.freeze(items) };
    }
    const problem = scalarProblem(kind, raw);
    if (problem !== undefined) throw badArgument(`container key ${where}: ${problem}`, { key, kind });
    return { kind, value: normalizeScalar(kind, raw) } as Value;
  }

  get(key: string): Value | undefined {
    return this.#values.get(key);
  }

  /** The plain value under `key`; undefined when absent; VALIDATION_BAD_ARGUMENT when it holds another kind. */
  getAs<K extends ValueKind>(key: string, kind: K): ValueTypes[K] | undefined {
    const value = this.#values.get(key);
    if (value === undefined) return undefined;
    if (value.kind !== kind) throw badArgument(`container key ${JSON.stringify(key)} holds ${value.kind}, not ${kind}`, { key, kind: value.kind });
    return value.value as ValueTypes[K];
  }

  getBool(key: string): boolean | undefined { return this.getAs(key, 'bool'); }
  getInt8(key: string): number | undefined { return this.getAs(key, 'int8'); }
  getInt16(key: string): number | undefined { return this.getAs(key, 'int16'); }
  getInt32(key: string): number | undefined { return this.getAs(key, 'int32'); }
  getInt64(key: string): bigint | undefined { return this.getAs(key, 'int64'); }
  getUint8(key: string): number | undefined { return this.getAs(key, 'uint8'); }
  getUint16(key: string): number | undefined { return this.getAs(key, 'uint16'); }
  getUint32(key: string): number | undefined { return this.getAs(key, 'uint32'); }
  getUint64(key: string): bigint | undefined { return this.getAs(key, 'uint64'); }
  getFloat(key: string): number | undefined { return this.getAs(key, 'float'); }
  getDouble(key: string): number | undefined { return this.getAs(key, 'double'); }
  getString(key: string): string | undefined { return this.getAs(key, 'string'); }
  getBytes(key: string): Uint8Array | undefined { return this.getAs(key, 'bytes'); }
  getContainer(key: string): ValueContainer | undefined { return this.getAs(key, 'container'); }
  getArray(key: string): ReadonlyArray<Value> | undefined { return this.getAs(key, 'array'); }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  delete(key: string): boolean {
    return this.#values.delete(key);
  }

  clear(): void {
    this.#values.clear();
  }

  /** Keys in insertion order. */
  keys(): string[] {
    return [...this.#values.keys()];
  }

  entries(): IterableIterator<[string, Value]> {
    return this.#values.entries();
  }

  /** Compact msgpack form. Throws SERIALIZATION_TOO_LARGE past `maxDepth` nested containers/arrays (a cycle ends there too). */
  toBinary(limits?: ContainerLimits): Uint8Array {
    return containerToBinary(this, limits);
  }

  /** Throws SERIALIZATION_DECODE_FAILED on malformed input, SERIALIZATION_TOO_LARGE past the size or depth limits. */
  static fromBinary(bytes: Uint8Array, limits?: ContainerLimits): ValueContainer {
    return containerFromBinary(bytes, ValueContainer.#build, limits);
  }

  /**
   * The JSON-ready form, kinds included (`{"key":"n","k":"int64","v":"9007199254740993"}`),
   * so `JSON.stringify(container)` works and loses nothing.
   */
  toJSON(): ContainerJson {
    // No parameters: JSON.stringify passes the property key here.
    return containerToJson(this);
  }

  toJSONText(limits?: ContainerLimits): string {
    return JSON.stringify(containerToJson(this, limits));
  }

  /** Accepts the JSON text or the already parsed value. Same errors as `fromBinary`. */
  static fromJSON(input: string | unknown, limits?: ContainerLimits): ValueContainer {
    return containerFromJson(input, ValueContainer.#build, limits);
  }

  /** Builds a container from values a decoder has already checked. */
  static #build = (header: ContainerHeader, entries: ReadonlyArray<readonly [string, Value]>): ValueContainer => {
    const container = new ValueContainer(header);
    for (const [key, value] of entries) container.#values.set(key, value);
    return container;
  };
}

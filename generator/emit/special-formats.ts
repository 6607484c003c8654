/**
 * typewire's two extensions to JSON Schema: `{ "type": "integer", "format":
 * "int64" | "uint64" }` is a JS `bigint`, and `{ "type": "string", "format":
 * "binary" }` is a `Uint8Array`. Every emitter finds them through here.
 */
import type { SchemaObject } from './schema-walk.js';

export type SpecialKind = 'int64' | 'uint64' | 'bytes';

/** Which extension a subschema is, if any. Only the exact `type` string counts (a type list is reported instead). */
export function specialKind(schema: SchemaObject): SpecialKind | undefined {
  if (schema['type'] === 'integer' && (schema['format'] === 'int64' || schema['format'] === 'uint64')) return schema['format'];
  if (schema['type'] === 'string' && schema['format'] === 'binary') return 'bytes';
  return undefined;
}

/** A subschema that names a special format but with a `type` list, which the generator does not support. */
export function unsupportedSpecialType(schema: SchemaObject): string | undefined {
  const type = schema['type'];
  if (!Array.isArray(type)) return undefined;
  const format = schema['format'];
  if (type.includes('integer') && (format === 'int64' || format === 'uint64')) {
    return `format "${format}" needs "type": "integer" alone; for a nullable value use "anyOf": [{ "type": "integer", "format": "${format}" }, { "type": "null" }]`;
  }
  if (type.includes('string') && format === 'binary') {
    return 'format "binary" needs "type": "string" alone; for a nullable value use "anyOf": [{ "type": "string", "format": "binary" }, { "type": "null" }]';
  }
  return undefined;
}

/** The TypeScript type a special format stands for. */
export function specialTsType(kind: SpecialKind): string {
  return kind === 'bytes' ? 'Uint8Array' : 'bigint';
}

export const INT64_RANGE: Readonly<Record<'int64' | 'uint64', readonly [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

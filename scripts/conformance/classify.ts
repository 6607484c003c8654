/**
 * Which JSON Schema keywords a test group exercises, so the report can say
 * whether the group is inside what the generator claims to support.
 */
import { childSchemas, isSchemaObject } from '../../generator/emit/schema-walk.js';

/** Keywords a file is about, where the file name is not simply the keyword. */
const FILE_KEYWORDS: Readonly<Record<string, ReadonlyArray<string>>> = {
  'if-then-else': ['if', 'then', 'else'],
  ref: ['$ref'],
  refRemote: ['$ref'],
  defs: ['$defs'],
  anchor: ['$anchor'],
  dynamicRef: ['$dynamicRef', '$dynamicAnchor'],
  vocabulary: ['$vocabulary'],
  content: ['contentMediaType', 'contentEncoding', 'contentSchema'],
  // About no single keyword: claimed when every group in them is.
  boolean_schema: [],
  'infinite-loop-detection': [],
};

/** The keywords a keyword file tests (`minLength.json` → minLength; optional/format/* → format). */
export function fileKeywords(name: string): ReadonlyArray<string> {
  if (name.startsWith('optional/format/')) return ['format'];
  const stem = name.replace(/\.json$/, '');
  return FILE_KEYWORDS[stem] ?? [stem];
}

/** Every keyword used anywhere in a schema (subschemas found the way the generator finds them). */
export function schemaKeywords(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (!isSchemaObject(schema)) return into;
  for (const key of Object.keys(schema)) into.add(key);
  for (const [, child] of childSchemas(schema)) schemaKeywords(child, into);
  return into;
}

/** Every `format` value used anywhere in a schema. */
export function schemaFormats(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (!isSchemaObject(schema)) return into;
  if (typeof schema['format'] === 'string') into.add(schema['format']);
  for (const [, child] of childSchemas(schema)) schemaFormats(child, into);
  return into;
}

/** Names in `used` that `supported` does not list, sorted. */
export function unsupportedNames(used: Iterable<string>, supported: ReadonlySet<string>): string[] {
  return [...used].filter((k) => !supported.has(k)).sort();
}

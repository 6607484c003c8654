/**
 * What the runtime's codecs need to know about a message's shape, read off
 * its bundled schema: the object key lists (msgpackr records) and where the
 * bigint and bytes values sit (the JSON codec restores them from text).
 */
import type { RewriteProblem } from './validator-schema.js';
import { isSchemaObject, resolveLocalRef, walkSchema, type SchemaObject } from './schema-walk.js';
import { specialKind } from './special-formats.js';

/**
 * Every `properties` key list in the schema, in declaration order, nested
 * objects and `$defs` included, each list once, in the order the schema is
 * walked (root first), so the same schema always gives the same list.
 */
export function structures(schema: unknown): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  walkSchema(schema, (node) => {
    const properties = node['properties'];
    if (!isSchemaObject(properties)) return;
    const keys = Object.keys(properties);
    const id = JSON.stringify(keys);
    if (keys.length === 0 || seen.has(id)) return;
    seen.add(id);
    out.push(keys);
  });
  return out;
}

export interface SpecialPathsResult {
  readonly int64: string[][];
  readonly bytes: string[][];
  readonly problems: RewriteProblem[];
}

/** Keywords whose subschemas describe the same value as their parent. */
const SAME_VALUE = ['allOf', 'anyOf', 'oneOf'] as const;
const SAME_VALUE_SINGLE = ['then', 'else'] as const;

/**
 * Paths (property names, `*` for any array item or map value) of int64/uint64
 * and binary values, sorted. A `$ref` is
 * followed; a recursive schema that holds such values below its recursion is
 * reported, because a fixed list of paths cannot describe it.
 */
export function specialPaths(root: unknown): SpecialPathsResult {
  const int64 = new Map<string, string[]>();
  const bytes = new Map<string, string[]>();
  const problems: RewriteProblem[] = [];

  const visit = (node: unknown, dataPath: string[], schemaPath: ReadonlyArray<string>, refs: ReadonlyArray<string>): void => {
    if (!isSchemaObject(node)) return;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const target = resolveLocalRef(root, ref);
      if (refs.includes(ref)) {
        if (containsSpecial(root, target)) {
          problems.push({ path: [...schemaPath, '$ref'], message: `recursive schema (${ref}) holds int64 or binary values; their places cannot be listed for the JSON codec` });
        }
      } else {
        visit(target, dataPath, refPath(ref), [...refs, ref]);
      }
    }
    const kind = specialKind(node);
    if (kind !== undefined) (kind === 'bytes' ? bytes : int64).set(dataPath.join('\u0000'), dataPath);
    const child = (value: unknown, segment: string | undefined, at: ReadonlyArray<string>): void =>
      visit(value, segment === undefined ? dataPath : [...dataPath, segment], [...schemaPath, ...at], refs);
    // Codecs address array items only as `*`, so a tuple position is `*` too. That is exact unless
    // one position is itself an int64/bytes value and another is not: then `*` would convert both.
    // `rest` (additionalItems, or items after prefixItems) is visited under its own keyword.
    const tuple = (positions: unknown[], rest: unknown, key: string): void => {
      const leaves = positions.map((sub) => leafKind(root, sub));
      // Without a schema for further items (absent = anything), they count as plain items.
      if (rest !== false) leaves.push(rest === undefined ? undefined : leafKind(root, rest));
      if (leaves.some((kind) => kind !== undefined) && new Set(leaves).size > 1) {
        problems.push({
          path: [...schemaPath, key],
          message: 'a tuple that mixes int64 or binary items with other items (or allows further items) is not supported: codecs address array items only as a whole; use an object, or make every item the same kind and close the tuple',
        });
      }
      positions.forEach((sub, i) => child(sub, '*', [key, String(i)]));
    };
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && isSchemaObject(value)) for (const [name, sub] of Object.entries(value)) child(sub, name, [key, name]);
      if (key === 'patternProperties' && isSchemaObject(value)) {
        // `*` also reaches keys no pattern matches, so every undeclared key must hold the same kind.
        const rest = node['additionalProperties'];
        const leaves = Object.values(value).map((sub) => leafKind(root, sub));
        if (rest !== false) leaves.push(rest === undefined ? undefined : leafKind(root, rest));
        if (leaves.some((kind) => kind !== undefined) && new Set(leaves).size > 1) {
          problems.push({
            path: [...schemaPath, key],
            message: 'patternProperties holding int64 or binary values must not be mixed with other undeclared properties: codecs address them only as a whole; set additionalProperties to false or to the same kind',
          });
        }
        for (const [name, sub] of Object.entries(value)) child(sub, '*', [key, name]);
      }
      if (['additionalProperties', 'unevaluatedProperties', 'additionalItems', 'unevaluatedItems'].includes(key)) child(value, '*', [key]);
      if (key === 'items') {
        if (Array.isArray(value)) tuple(value, node['additionalItems'], key);
        else child(value, '*', [key]);
      }
      if (key === 'prefixItems' && Array.isArray(value)) tuple(value, node['items'], key);
      if ((SAME_VALUE as ReadonlyArray<string>).includes(key) && Array.isArray(value)) value.forEach((sub, i) => child(sub, undefined, [key, String(i)]));
      if ((SAME_VALUE_SINGLE as ReadonlyArray<string>).includes(key)) child(value, undefined, [key]);
      if (key === 'dependentSchemas' && isSchemaObject(value)) for (const [name, sub] of Object.entries(value)) child(sub, undefined, [key, name]);
    }
  };
  visit(root, [], [], ['#']);
  return { int64: sortedPaths(int64), bytes: sortedPaths(bytes), problems };
}

/** The special kind of a subschema itself (following one local `$ref`), not of anything inside it. */
function leafKind(root: unknown, schema: unknown): string | undefined {
  const target = isSchemaObject(schema) && typeof schema['$ref'] === 'string' ? resolveLocalRef(root, schema['$ref']) : schema;
  if (!isSchemaObject(target)) return undefined;
  const kind = specialKind(target);
  return kind === 'uint64' ? 'int64' : kind;
}

function refPath(ref: string): string[] {
  return ref === '#' ? [] : ref.slice(2).split('/');
}

function sortedPaths(paths: Map<string, string[]>): string[][] {
  return [...paths.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, path]) => path);
}

/** Whether a subschema, or anything it refers to, is an int64/uint64 or binary value. */
function containsSpecial(root: unknown, start: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [start];
  let found = false;
  while (pending.length > 0 && !found) {
    const next = pending.pop();
    if (seen.has(next)) continue;
    seen.add(next);
    walkSchema(next, (node: SchemaObject) => {
      if (specialKind(node) !== undefined) found = true;
      if (typeof node['$ref'] === 'string') pending.push(resolveLocalRef(root, node['$ref']));
    });
  }
  return found;
}

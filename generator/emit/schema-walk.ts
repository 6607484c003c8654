/**
 * Where subschemas sit inside a JSON Schema (draft-07 and 2020-12), so that
 * emitters can visit or rewrite every subschema without mistaking data (an
 * `enum` value, a property literally named `items`) for a schema.
 */

export type SchemaObject = { readonly [key: string]: unknown };

/** Keywords whose value is one subschema. */
const SINGLE = [
  'additionalItems', 'additionalProperties', 'contains', 'contentSchema', 'else', 'if', 'items', 'not',
  'propertyNames', 'then', 'unevaluatedItems', 'unevaluatedProperties',
] as const;

/** Keywords whose value is an array of subschemas (`items` too, in its draft-07 tuple form). */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;

/** Keywords whose value maps names to subschemas (`dependencies` values may also be string arrays). */
const MAP = ['$defs', 'definitions', 'dependentSchemas', 'dependencies', 'patternProperties', 'properties'] as const;

export function isSchemaObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Each (path segments, subschema) directly below `schema`, in the schema's own key order. */
export function childSchemas(schema: SchemaObject): Array<[ReadonlyArray<string>, unknown]> {
  const out: Array<[ReadonlyArray<string>, unknown]> = [];
  for (const [key, value] of Object.entries(schema)) {
    if ((SINGLE as ReadonlyArray<string>).includes(key) && (isSchemaObject(value) || typeof value === 'boolean')) {
      out.push([[key], value]);
    }
    if ((LIST as ReadonlyArray<string>).includes(key) && Array.isArray(value)) {
      value.forEach((item, index) => out.push([[key, String(index)], item]));
    }
    if ((MAP as ReadonlyArray<string>).includes(key) && isSchemaObject(value)) {
      for (const [name, item] of Object.entries(value)) {
        if (isSchemaObject(item) || typeof item === 'boolean') out.push([[key, name], item]);
      }
    }
  }
  return out;
}

/**
 * Visits every schema object, parents before children, in key order.
 * `path` holds the JSON pointer segments from the root.
 */
export function walkSchema(schema: unknown, visit: (node: SchemaObject, path: ReadonlyArray<string>) => void, path: ReadonlyArray<string> = []): void {
  if (!isSchemaObject(schema)) return;
  visit(schema, path);
  for (const [segments, child] of childSchemas(schema)) walkSchema(child, visit, [...path, ...segments]);
}

/**
 * A deep copy of `schema` where each schema object is replaced by
 * `rewrite(copyWithRewrittenChildren, path)` (children first, so a rewrite
 * sees its subschemas already rewritten).
 */
export function rewriteSchema(
  schema: unknown,
  rewrite: (node: { [key: string]: unknown }, path: ReadonlyArray<string>) => { [key: string]: unknown },
  path: ReadonlyArray<string> = [],
): unknown {
  if (!isSchemaObject(schema)) return structuredClone(schema);
  const copy: { [key: string]: unknown } = {};
  const children = new Map<string, unknown>();
  for (const [segments, child] of childSchemas(schema)) children.set(segments.join('/'), rewriteSchema(child, rewrite, [...path, ...segments]));
  for (const [key, value] of Object.entries(schema)) {
    if (children.has(key)) {
      copy[key] = children.get(key);
    } else if (Array.isArray(value) && (LIST as ReadonlyArray<string>).includes(key)) {
      copy[key] = value.map((item, index) => (children.has(`${key}/${index}`) ? children.get(`${key}/${index}`) : structuredClone(item)));
    } else if (isSchemaObject(value) && (MAP as ReadonlyArray<string>).includes(key)) {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, children.has(`${key}/${name}`) ? children.get(`${key}/${name}`) : structuredClone(item)]),
      );
    } else {
      copy[key] = structuredClone(value);
    }
  }
  return rewrite(copy, path);
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A pointer (`/properties/sku`) from segments; '' for the root. */
export function toPointer(path: ReadonlyArray<string>): string {
  return path.map((segment) => `/${pointerSegment(segment)}`).join('');
}

/** Resolves a local `$ref` (`#/$defs/Address`) against `root`; undefined when it is not local or not found. */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

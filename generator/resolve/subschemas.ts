/**
 * Where a schema keeps its subschemas. Walking only these keywords is what
 * tells a keyword (`minLength`) from a property that happens to share its name
 * (`properties.minLength`) or from data (`enum`, `default`, `examples`).
 */
import { joinPointer } from './pointer.js';

type Shape = 'schema' | 'schemaMap' | 'schemaArray' | 'schemaOrArray' | 'dependencies';

const SHAPES: Readonly<Record<string, Shape>> = {
  additionalProperties: 'schema',
  propertyNames: 'schema',
  additionalItems: 'schema',
  contains: 'schema',
  not: 'schema',
  if: 'schema',
  then: 'schema',
  else: 'schema',
  unevaluatedProperties: 'schema',
  unevaluatedItems: 'schema',
  items: 'schemaOrArray',
  properties: 'schemaMap',
  patternProperties: 'schemaMap',
  $defs: 'schemaMap',
  definitions: 'schemaMap',
  dependentSchemas: 'schemaMap',
  allOf: 'schemaArray',
  anyOf: 'schemaArray',
  oneOf: 'schemaArray',
  prefixItems: 'schemaArray',
  // draft-07: each value is a schema or a list of property names
  dependencies: 'dependencies',
};

export type SchemaObject = Readonly<Record<string, unknown>>;

export function isSchemaObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isSchema(value: unknown): boolean {
  return typeof value === 'boolean' || isSchemaObject(value);
}

/** Calls `visit` for each direct subschema: its value and its path segments below the parent. */
export function forEachChildSchema(schema: SchemaObject, visit: (child: unknown, path: ReadonlyArray<string>) => void): void {
  for (const [keyword, value] of Object.entries(schema)) {
    const shape = SHAPES[keyword];
    if (shape === undefined) continue;
    if (shape === 'schema' || (shape === 'schemaOrArray' && !Array.isArray(value))) {
      if (isSchema(value)) visit(value, [keyword]);
    } else if (shape === 'schemaArray' || shape === 'schemaOrArray') {
      if (Array.isArray(value)) value.forEach((item, i) => isSchema(item) && visit(item, [keyword, String(i)]));
    } else if (isSchemaObject(value)) {
      for (const [name, item] of Object.entries(value)) if (isSchema(item)) visit(item, [keyword, name]);
    }
  }
}

/**
 * A copy of `schema` with each subschema replaced by `map(child, path)`. Data
 * (enum values, defaults) is deep-copied so the result shares nothing with the
 * input. Built with `Object.fromEntries` so a key named `__proto__` stays a key.
 */
export function mapChildSchemas(
  schema: SchemaObject,
  map: (child: unknown, path: ReadonlyArray<string>) => unknown,
): Record<string, unknown> {
  const one = (value: unknown, path: ReadonlyArray<string>): unknown => (isSchema(value) ? map(value, path) : structuredClone(value));
  return Object.fromEntries(
    Object.entries(schema).map(([keyword, value]): [string, unknown] => {
      const shape = SHAPES[keyword];
      if (shape === undefined) return [keyword, structuredClone(value)];
      if (shape === 'schema' || (shape === 'schemaOrArray' && !Array.isArray(value))) return [keyword, one(value, [keyword])];
      if (shape === 'schemaArray' || shape === 'schemaOrArray') {
        return [keyword, Array.isArray(value) ? value.map((item, i) => one(item, [keyword, String(i)])) : structuredClone(value)];
      }
      if (!isSchemaObject(value)) return [keyword, structuredClone(value)];
      return [keyword, Object.fromEntries(Object.entries(value).map(([name, item]) => [name, one(item, [keyword, name])]))];
    }),
  );
}

/** Visits `schema` and every subschema below it, depth first, with each one's pointer. */
export function walkSchemas(schema: unknown, pointer: string, visit: (schema: SchemaObject, pointer: string) => void): void {
  if (!isSchemaObject(schema)) return;
  visit(schema, pointer);
  forEachChildSchema(schema, (child, path) => walkSchemas(child, joinPointer(pointer, ...path), visit));
}

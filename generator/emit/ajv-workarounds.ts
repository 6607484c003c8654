/**
 * Rewrites of valid JSON Schema that ajv 8 compiles wrongly or refuses. Each
 * one keeps the schema's meaning (the JSON Schema Test Suite checks that, see
 * `npm run conformance`) and only changes how ajv sees it. Applied by the
 * validator emitter to the rewritten schema, just before ajv compiles it.
 */
import { isSchemaObject, rewriteSchema, walkSchema } from './schema-walk.js';

type Node = { [key: string]: unknown };

function appendAllOf(node: Node, schema: unknown): Node {
  const allOf = Array.isArray(node['allOf']) ? node['allOf'] : [];
  return { ...node, allOf: [...allOf, schema] };
}

/**
 * `enum: []` is valid JSON Schema (nothing is allowed) but ajv throws "enum must
 * have non-empty array". `not: true` says the same thing.
 */
function emptyEnum(node: Node): Node {
  const value = node['enum'];
  if (!Array.isArray(value) || value.length > 0) return node;
  const { enum: _enum, ...rest } = node;
  return appendAllOf(rest, { not: true });
}

/**
 * A subschema with `$id` whose only rule is `$ref` (for example `{ "$id", "$defs",
 * "$ref": "#/$defs/inner" }`) sends ajv's resolver into endless recursion
 * ("Maximum call stack size exceeded"): ajv follows a ref-only target's `$ref`
 * while resolving it, and that `$ref` resolves, through the `$id`, back to the
 * same subschema. `{ "allOf": [{ "$ref" }] }` is the same schema (the `$ref`
 * resolves against the same `$id`, and its annotations reach the parent the same
 * way) but is not ref-only, so ajv compiles it instead of following it. The root
 * is compiled directly and never takes that path.
 */
function refBesideId(node: Node, path: ReadonlyArray<string>): Node {
  if (path.length === 0 || typeof node['$id'] !== 'string' || typeof node['$ref'] !== 'string') return node;
  const { $ref, ...rest } = node;
  return appendAllOf(rest, { $ref });
}

/**
 * ajv gets the annotations of `if` wrong, which only shows through
 * `unevaluatedProperties`/`unevaluatedItems`: it counts the properties of an
 * `if` that failed, drops those of one that passed when there is no `then`, and
 * ignores an `if` without `then` and `else` altogether. With an unevaluated*
 * keyword in the schema, `if`/`then`/`else` is compiled as its equivalent
 * `anyOf: [{ allOf: [if, then] }, { allOf: [{ not: if }, else] }]`, whose
 * annotations ajv collects correctly (a failing branch contributes none).
 *
 * The `if` subschema appears twice, so a subschema with `$id` or `$anchor` in it
 * would be defined twice: such an `if` is left alone.
 */
function ifAsAnyOf(node: Node): Node {
  if (!('if' in node) || definesIdentifiers(node['if'])) return node;
  const { if: condition, then: onTrue = true, else: onFalse = true, ...rest } = node;
  return appendAllOf(rest, { anyOf: [{ allOf: [condition, onTrue] }, { allOf: [{ not: condition }, onFalse] }] });
}

function definesIdentifiers(schema: unknown): boolean {
  let found = false;
  walkSchema(schema, (node) => {
    if ('$id' in node || '$anchor' in node || '$dynamicAnchor' in node) found = true;
  });
  return found;
}

/** Whether any unevaluated* keyword is used: only then do annotations change a verdict. */
function usesUnevaluated(schema: unknown): boolean {
  let found = false;
  walkSchema(schema, (node) => {
    if ('unevaluatedProperties' in node || 'unevaluatedItems' in node) found = true;
  });
  return found;
}

/**
 * Whether a `$ref` points into an `if`, `then` or `else` by JSON pointer
 * (`#/then/properties/a`): moving those subschemas would break it.
 * Conservative: a property named `if` counts too.
 */
function refsIntoConditionals(schema: unknown): boolean {
  let found = false;
  walkSchema(schema, (node) => {
    const ref = node['$ref'];
    if (typeof ref === 'string' && /#.*\/(if|then|else)(\/|$)/.test(ref)) found = true;
  });
  return found;
}

/** A copy of `schema` that ajv compiles to what the schema means. The input is not changed. */
export function applyAjvWorkarounds(schema: unknown): unknown {
  const conditionals = isSchemaObject(schema) && usesUnevaluated(schema) && !refsIntoConditionals(schema);
  return rewriteSchema(schema, (node, path) => {
    const fixed = refBesideId(emptyEnum(node), path);
    return conditionals ? ifAsAnyOf(fixed) : fixed;
  });
}

/**
 * The JSON Schema keywords typewire accepts in message schemas: the draft
 * 2020-12 and draft-07 vocabularies that ajv implements (with its default
 * options per draft). Anything else is reported, which is also how typos such
 * as `minLenght` surface instead of being silently ignored.
 *
 * Being on this list is a claim: `npm run conformance` runs the keyword's file
 * of the JSON Schema Test Suite through the generated validators and requires
 * every verdict to match. A keyword ajv cannot get right goes to
 * UNSUPPORTED_KEYWORDS with the reason (docs/schemas.md, "Supported keywords").
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Draft } from '../model/types.js';

const COMMON = [
  // core
  '$schema', '$id', '$ref', '$defs', 'definitions', '$comment',
  // applicators
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'items', 'contains',
  // validation
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'required',
  // format, content and annotations
  'format', 'contentEncoding', 'contentMediaType',
  'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly',
] as const;

const ONLY_2020_12 = [
  '$anchor', 'prefixItems', 'minContains', 'maxContains', 'dependentRequired', 'dependentSchemas',
  'unevaluatedProperties',
] as const;

const ONLY_07 = ['additionalItems', 'dependencies'] as const;

export const DRAFT_KEYWORDS: Readonly<Record<Draft, ReadonlySet<string>>> = {
  '2020-12': new Set([...COMMON, ...ONLY_2020_12]),
  '07': new Set([...COMMON, ...ONLY_07]),
};

/** Every keyword accepted in some supported draft, sorted. */
export const SUPPORTED_KEYWORDS: ReadonlyArray<string> = [...new Set([...COMMON, ...ONLY_2020_12, ...ONLY_07])].sort();

/**
 * Real JSON Schema keywords typewire does not handle yet, so the message can
 * say "not supported" rather than "unknown".
 */
export const UNSUPPORTED_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['$dynamicRef', 'use "$ref"'],
  ['$dynamicAnchor', 'use "$anchor" and "$ref"'],
  ['$recursiveRef', 'use "$ref"'],
  ['$recursiveAnchor', 'use "$ref"'],
  ['$vocabulary', 'custom vocabularies are not supported'],
  ['contentSchema', 'describe the decoded content in its own message'],
  // ajv tracks evaluated items as a count, so it cannot see the items `contains`
  // matched, and it mishandles a count that is only known at run time (items
  // evaluated in `anyOf` or `if`): 12 of the 69 tests of the JSON Schema Test
  // Suite's unevaluatedItems.json that typewire could run fail (docs/schemas.md).
  ['unevaluatedItems', 'use "items" (after "prefixItems") for the items not listed; ajv cannot evaluate "unevaluatedItems" correctly'],
  ['nullable', 'use "type": ["string", "null"] (nullable is OpenAPI, not JSON Schema)'],
  ['tsType', 'typewire decides the TypeScript types; use "format": "int64" or "binary" for bigint and bytes'],
]);

/**
 * typewire's own formats: `int64`/`uint64` on integers become `bigint`,
 * `binary` on strings becomes `Uint8Array`. The emitters do the conversion.
 */
export const TYPEWIRE_FORMATS: ReadonlyArray<string> = ['binary', 'int64', 'uint64'];

/** Formats a schema may use: ajv-formats' full set plus typewire's own. Validators assert them (docs/schemas.md, "Formats"). */
export const KNOWN_FORMATS: ReadonlyArray<string> = [...new Set([...Object.keys(fullFormats), ...TYPEWIRE_FORMATS])].sort();

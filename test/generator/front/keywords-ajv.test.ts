import Ajv2020Module from 'ajv/dist/2020.js';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../../generator/model/types.js';
import { DRAFT_KEYWORDS } from '../../../generator/validate/keywords.js';

/** A valid value for each keyword, enough for ajv to accept the keyword. */
const SAMPLES: Readonly<Record<string, unknown>> = {
  $anchor: 'here', $comment: 'c', $defs: { x: {} }, definitions: { y: {} }, $id: 'https://example.com/k.json', $ref: '#/$defs/x',
  additionalItems: false, additionalProperties: false, allOf: [{}], anyOf: [{}], oneOf: [{}], not: { type: 'null' },
  if: {}, then: {}, else: {}, const: 1, enum: [1], contains: {}, minContains: 1, maxContains: 2,
  contentEncoding: 'base64', contentMediaType: 'application/json', default: 1, examples: [1], deprecated: false,
  readOnly: false, writeOnly: false, title: 't', description: 'd', dependencies: { a: ['b'] }, dependentRequired: { a: ['b'] },
  dependentSchemas: { a: {} }, exclusiveMaximum: 10, exclusiveMinimum: 0, maximum: 10, minimum: 0, multipleOf: 1,
  format: 'date', items: {}, prefixItems: [{}], maxItems: 3, minItems: 0, uniqueItems: true, maxLength: 3, minLength: 0,
  pattern: 'a', maxProperties: 3, minProperties: 0, patternProperties: { '^a': {} }, properties: { a: {} }, propertyNames: {},
  required: ['a'], type: 'object', unevaluatedItems: false, unevaluatedProperties: false,
};

/** Keywords ajv ignores (and strict mode rejects) without a partner. */
const PARTNERS: Readonly<Record<string, Record<string, unknown>>> = {
  if: { then: {} }, then: { if: {} }, else: { if: {} }, minContains: { contains: {} }, maxContains: { contains: {} },
  additionalItems: { items: [{}] },
};

function ajvFor(draft: Draft) {
  // strictSchema alone: an unknown keyword throws; type/tuple strictness is not what this test is about.
  const options = { strict: false, strictSchema: true } as const;
  const ajv = draft === '07' ? new AjvModule.default(options) : new Ajv2020Module.default(options);
  addFormatsModule.default(ajv);
  return ajv;
}

describe.each(['2020-12', '07'] as const)('keywords accepted for draft %s', (draft) => {
  it('are all known to the ajv class that compiles that draft', () => {
    const ajv = ajvFor(draft);
    for (const keyword of DRAFT_KEYWORDS[draft]) {
      // $anchor is resolved by the front end and removed from bundled schemas (ajv strict mode rejects it).
      if (keyword === '$schema' || keyword === '$anchor') continue;
      expect(keyword in SAMPLES, `sample for ${keyword}`).toBe(true);
      const schema = { $defs: { x: {} }, ...PARTNERS[keyword], [keyword]: SAMPLES[keyword] };
      expect(() => ajv.compile(schema), keyword).not.toThrow();
    }
  });

  it('exclude keywords that ajv rejects for that draft', () => {
    const other = draft === '07' ? ['prefixItems', 'unevaluatedProperties', 'dependentRequired'] : ['additionalItems', 'dependencies'];
    for (const keyword of other) {
      expect(DRAFT_KEYWORDS[draft].has(keyword)).toBe(false);
      if (draft === '07') expect(() => ajvFor(draft).compile({ [keyword]: SAMPLES[keyword] }), keyword).toThrow(/unknown keyword/);
    }
  });
});

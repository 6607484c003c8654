/**
 * Valid JSON Schema that ajv's defaults get wrong or refuse, through the
 * emitter: each case here failed before the emitter's ajv options and
 * workarounds (the JSON Schema Test Suite covers the rest, `npm run conformance`).
 */
import { describe, expect, it } from 'vitest';
import { emitValidatorModule } from '../../../generator/emit/validator.js';
import type { ValidateFunction } from '../../../runtime/descriptors.js';
import { isTypewireError } from '../../../runtime/errors/typewire-error.js';
import { loadValidator } from './helpers/load-validator.js';

async function compile(schema: object | boolean): Promise<ValidateFunction> {
  return loadValidator(emitValidatorModule([{ exportName: 'validateT', schema, draft: '2020-12' }]), 'validateT');
}

function refusal(schema: object): { code: string; message: string } | undefined {
  try {
    emitValidatorModule([{ exportName: 'validateT', schema, draft: '2020-12' }]);
    return undefined;
  } catch (error) {
    if (!isTypewireError(error)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('schemas ajv strict mode refused', () => {
  it('compiles if without then, minContains without contains, and properties matching a pattern', async () => {
    const onlyIf = await compile({ if: { type: 'string' } });
    expect(onlyIf(1)).toBe(true);
    const loneMinContains = await compile({ minContains: 2 });
    expect(loneMinContains([])).toBe(true);
    const overlapping = await compile({ properties: { foo: { type: 'integer' } }, patternProperties: { 'f.o': { minimum: 10 } } });
    expect(overlapping({ foo: 20 })).toBe(true);
    expect(overlapping({ foo: 5 })).toBe(false);
    expect(overlapping({ foo: 'x' })).toBe(false);
  });

  it('compiles an empty enum, which nothing satisfies', async () => {
    const validate = await compile({ properties: { a: { enum: [] } } });
    expect(validate({})).toBe(true);
    expect(validate({ a: null })).toBe(false);
  });
});

describe('references', () => {
  it('resolves $anchor', async () => {
    const validate = await compile({ $ref: '#item', $defs: { item: { $anchor: 'item', type: 'string' } } });
    expect(validate('x')).toBe(true);
    expect(validate(1)).toBe(false);
  });

  it('compiles a subschema with $id whose only rule is $ref (ajv alone overflows the stack)', async () => {
    const validate = await compile({
      $ref: 'urn:uuid:deadbeef-4321-ffff-ffff-1234feebdaed',
      $defs: { foo: { $id: 'urn:uuid:deadbeef-4321-ffff-ffff-1234feebdaed', $defs: { bar: { type: 'string' } }, $ref: '#/$defs/bar' } },
    });
    expect(validate('a')).toBe(true);
    expect(validate(12)).toBe(false);
  });
});

describe('own properties only', () => {
  it('does not take inherited members for present properties', async () => {
    const required = await compile({ required: ['constructor', 'toString'] });
    expect(required({})).toBe(false);
    expect(required({ constructor: 1, toString: 2 })).toBe(true);
    const typed = await compile({ properties: { constructor: { type: 'number' }, toString: { type: 'string' } } });
    expect(typed({})).toBe(true);
    expect(typed({ constructor: 'x' })).toBe(false);
  });
});

describe('unevaluatedProperties with if', () => {
  it('sees the properties of a passing if without then, and not those of a failing one', async () => {
    const validate = await compile({
      if: { properties: { foo: { const: 'then' } }, required: ['foo'] },
      else: { properties: { baz: { type: 'string' } }, required: ['baz'] },
      unevaluatedProperties: false,
    });
    expect(validate({ foo: 'then' })).toBe(true);
    expect(validate({ foo: 'then', bar: 1 })).toBe(false);
    expect(validate({ baz: 'x' })).toBe(true);
    expect(validate({ foo: 'else', baz: 'x' })).toBe(false);
  });

  it('sees the properties of an if with neither then nor else', async () => {
    const validate = await compile({ if: { patternProperties: { foo: { type: 'string' } } }, unevaluatedProperties: false });
    expect(validate({ foo: 'a' })).toBe(true);
    expect(validate({ bar: 'a' })).toBe(false);
  });
});

describe('refusals', () => {
  it('refuses a property named __proto__ (SCHEMA_INVALID), wherever it is declared', () => {
    // Written as JSON: JSON.parse keeps "__proto__" as an own key, as a schema file would
    // (an object literal would set the prototype instead).
    for (const json of [
      '{ "properties": { "__proto__": { "type": "number" } } }',
      '{ "required": ["__proto__"] }',
      '{ "items": { "dependentRequired": { "a": ["__proto__"] } } }',
    ]) {
      const result = refusal(JSON.parse(json) as object);
      expect(result?.code, json).toBe('SCHEMA_INVALID');
      expect(result?.message).toContain('"__proto__"');
    }
  });

  it('refuses unevaluatedItems, which ajv cannot evaluate correctly', () => {
    expect(refusal({ prefixItems: [true], unevaluatedItems: false })).toEqual({
      code: 'SCHEMA_UNSUPPORTED_KEYWORD',
      message: expect.stringContaining('keyword "unevaluatedItems" is not supported by typewire'),
    });
  });

  it('refuses a keyword of the other draft', () => {
    const result = refusal({ items: [{ type: 'string' }], additionalItems: false });
    expect(result).toEqual({ code: 'SCHEMA_UNSUPPORTED_KEYWORD', message: expect.stringContaining('"additionalItems" is not part of draft 2020-12') });
  });
});

describe('own properties', () => {
  it('checks own keys only where the schema names an inherited property', async () => {
    const { namesInheritedProperty } = await import('../../../generator/emit/validator.js');
    expect(namesInheritedProperty({ type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] })).toBe(false);
    expect(namesInheritedProperty({ type: 'object', required: ['constructor'] })).toBe(true);
    expect(namesInheritedProperty({ $defs: { A: { properties: { toString: {} } } } })).toBe(true);
  });
});

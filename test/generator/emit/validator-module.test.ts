import { describe, expect, it } from 'vitest';
import { emitValidatorModule, emitValidatorSource } from '../../../generator/emit/validator.js';
import { isTypewireError } from '../../../runtime/errors/typewire-error.js';
import { loadValidator, loadValidators } from './helpers/load-validator.js';

const orderLine = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://example.test/order-line.json',
  type: 'object',
  properties: {
    sku: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{4}$' },
    quantity: { type: 'integer', minimum: 1 },
    tags: { type: 'array', items: { type: 'string', minLength: 2 } },
    // untyped items make ajv compare with its deep-equal helper
    options: { type: 'array', uniqueItems: true },
    at: { type: 'string', format: 'date-time' },
  },
  required: ['sku', 'quantity'],
  additionalProperties: false,
};

describe('emitValidatorModule', () => {
  it('exports one named ESM validator and imports only from typewire/codegen', () => {
    const code = emitValidatorModule([{ exportName: 'validateOrderLine', schema: orderLine, draft: '2020-12' }]);
    expect(code).toMatch(/^export const validateOrderLine = validate\d+;$/m);
    expect(code).not.toContain('require(');
    expect(code).not.toContain('"use strict"');
    const imports = code.split('\n').filter((line) => line.startsWith('import '));
    expect(imports).toEqual(["import { ajvEqual, ajvFormats, ajvUcs2length } from 'typewire/codegen';"]);
  });

  it('validates, stopping at the first error (allErrors off)', async () => {
    const code = emitValidatorModule([{ exportName: 'validateOrderLine', schema: orderLine, draft: '2020-12' }]);
    const validate = await loadValidator(code, 'validateOrderLine');
    expect(validate({ sku: 'ABC-1234', quantity: 2, tags: ['ab', 'cd'], options: [{ a: 1 }, { a: 2 }], at: '2024-01-02T03:04:05Z' })).toBe(true);
    expect(validate({ sku: 'nope', quantity: 0 })).toBe(false);
    expect(validate.errors).toHaveLength(1);
    expect(validate({ sku: 'ABC-1234', quantity: 1, tags: ['a'] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'minLength', instancePath: '/tags/0' });
    expect(validate({ sku: 'ABC-1234', quantity: 1, options: [{ a: 1 }, { a: 1 }] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'uniqueItems', instancePath: '/options' });
    expect(validate({ sku: 'ABC-1234', quantity: 1, at: 'yesterday' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'format', instancePath: '/at' });
  });

  it('compiles draft-07 schemas with the draft-07 class', async () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false } },
      definitions: { unused: { type: 'string' } },
    };
    const validate = await loadValidator(emitValidatorModule([{ exportName: 'validatePair', schema, draft: '07' }]), 'validatePair');
    expect(validate({ pair: ['a', 1] })).toBe(true);
    expect(validate({ pair: ['a', 1, 2] })).toBe(false);
  });

  it('wraps several entries so their internal names cannot clash', async () => {
    const code = emitValidatorModule([
      { exportName: 'validateA', schema: { type: 'string' }, draft: '2020-12' },
      { exportName: 'validateB', schema: { type: 'number' }, draft: '07' },
      { exportName: 'validateC', schema: false, draft: '2020-12' },
    ]);
    const validators = await loadValidators(code);
    expect(validators['validateA']!('x')).toBe(true);
    expect(validators['validateA']!(1)).toBe(false);
    expect(validators['validateB']!(1)).toBe(true);
    expect(validators['validateC']!(1)).toBe(false);
  });

  it('refuses unknown keywords and formats with a coded error', () => {
    const attempt = (schema: object): unknown => {
      try {
        emitValidatorModule([{ exportName: 'validateX', schema, draft: '2020-12' }]);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const unknownKeyword = attempt({ type: 'string', colour: 'red' });
    expect(isTypewireError(unknownKeyword) && unknownKeyword.code).toBe('SCHEMA_UNSUPPORTED_KEYWORD');
    const unknownFormat = attempt({ type: 'string', format: 'colour' });
    expect(isTypewireError(unknownFormat) && unknownFormat.code).toBe('SCHEMA_UNSUPPORTED_KEYWORD');
    const broken = attempt({ type: 'strin' });
    expect(isTypewireError(broken) && broken.code).toBe('SCHEMA_INVALID');
  });

  it('emits TypeScript whose one export is typed as a ValidateFunction', () => {
    const lines = emitValidatorSource('validateOrderLine', orderLine, '2020-12').split('\n');
    expect(lines[0]).toMatch(/^\/\/ @ts-nocheck/);
    expect(lines).toContain("import type { ValidateFunction } from 'typewire/codegen';");
    expect(lines.filter((l) => l.startsWith('export '))).toEqual([expect.stringMatching(/^export const validateOrderLine: ValidateFunction = validate\d+;$/)]);
  });
});

import { describe, expect, it } from 'vitest';
import { emitValidatorModule } from '../../../generator/emit/validator.js';
import { validatorSchema } from '../../../generator/emit/validator-schema.js';
import { isTypewireError } from '../../../runtime/errors/typewire-error.js';
import { loadValidator } from './helpers/load-validator.js';

async function compile(properties: Record<string, object>): Promise<(data: unknown) => { ok: boolean; message?: string; keyword?: string }> {
  const schema = { type: 'object', properties };
  const validate = await loadValidator(emitValidatorModule([{ exportName: 'validateT', schema, draft: '2020-12' }]), 'validateT');
  return (data) => {
    const ok = validate(data);
    const error = validate.errors?.[0];
    return ok ? { ok } : { ok, message: `${error?.instancePath} ${error?.message}`, keyword: error?.keyword };
  };
}

describe('int64 and uint64 validators', () => {
  it('accept bigints and refuse numbers, with a readable message', async () => {
    const check = await compile({ at: { type: 'integer', format: 'int64' } });
    expect(check({ at: 5n })).toEqual({ ok: true });
    expect(check({ at: 5 })).toEqual({ ok: false, message: '/at must be a bigint (int64)', keyword: 'typewire:int64' });
    expect(check({ at: '5' }).ok).toBe(false);
  });

  it('check the 64-bit range', async () => {
    const check = await compile({ s: { type: 'integer', format: 'int64' }, u: { type: 'integer', format: 'uint64' } });
    expect(check({ s: 2n ** 63n - 1n, u: 2n ** 64n - 1n }).ok).toBe(true);
    expect(check({ s: -(2n ** 63n) }).ok).toBe(true);
    expect(check({ s: 2n ** 63n }).message).toBe('/s must be within the int64 range -9223372036854775808 to 9223372036854775807');
    expect(check({ u: -1n }).message).toBe('/u must be within the uint64 range 0 to 18446744073709551615');
  });

  it('carry minimum, maximum, exclusive bounds and multipleOf as bigint comparisons', async () => {
    const check = await compile({
      a: { type: 'integer', format: 'int64', minimum: 0, maximum: 10 },
      b: { type: 'integer', format: 'int64', exclusiveMinimum: 0, exclusiveMaximum: 10 },
      c: { type: 'integer', format: 'int64', multipleOf: 3 },
    });
    expect(check({ a: 0n, b: 1n, c: 9n }).ok).toBe(true);
    expect(check({ a: 10n, b: 9n, c: -3n }).ok).toBe(true);
    expect(check({ a: -1n })).toMatchObject({ message: '/a must be >= 0', keyword: 'typewire:minimum' });
    expect(check({ a: 11n }).message).toBe('/a must be <= 10');
    expect(check({ b: 0n }).message).toBe('/b must be > 0');
    expect(check({ b: 10n }).message).toBe('/b must be < 10');
    expect(check({ c: 4n }).message).toBe('/c must be multiple of 3');
  });

  it('leaves plain integers to ajv', async () => {
    const check = await compile({ n: { type: 'integer', minimum: 1 } });
    expect(check({ n: 1 }).ok).toBe(true);
    expect(check({ n: 1n }).ok).toBe(false);
  });
});

describe('binary validators', () => {
  it('accept Uint8Array (and Buffer), refuse strings, count bytes', async () => {
    const check = await compile({ raw: { type: 'string', format: 'binary', minLength: 1, maxLength: 3 } });
    expect(check({ raw: new Uint8Array([1, 2]) }).ok).toBe(true);
    expect(check({ raw: Buffer.from([1, 2, 3]) }).ok).toBe(true);
    expect(check({ raw: 'AQI=' })).toMatchObject({ message: '/raw must be bytes (Uint8Array)', keyword: 'typewire:bytes' });
    expect(check({ raw: new Uint8Array(0) }).message).toBe('/raw must NOT have fewer than 1 bytes');
    expect(check({ raw: new Uint8Array(4) }).message).toBe('/raw must NOT have more than 3 bytes');
  });

  it('are found anywhere: array items, map values, $defs', async () => {
    const schema = {
      type: 'object',
      properties: { list: { type: 'array', items: { $ref: '#/$defs/Blob' } }, map: { type: 'object', additionalProperties: { type: 'integer', format: 'uint64' } } },
      $defs: { Blob: { type: 'string', format: 'binary' } },
    };
    const validate = await loadValidator(emitValidatorModule([{ exportName: 'validateT', schema, draft: '2020-12' }]), 'validateT');
    expect(validate({ list: [new Uint8Array(1)], map: { a: 1n } })).toBe(true);
    expect(validate({ list: ['x'] })).toBe(false);
    expect(validate({ map: { a: 1 } })).toBe(false);
  });
});

describe('validatorSchema', () => {
  it('rewrites without touching the input', () => {
    const input = { type: 'object', properties: { at: { type: 'integer', format: 'int64', minimum: 0, description: 'kept' } } };
    const copy = structuredClone(input);
    const { schema, problems } = validatorSchema(input);
    expect(input).toEqual(copy);
    expect(problems).toEqual([]);
    expect(schema).toEqual({ type: 'object', properties: { at: { description: 'kept', 'typewire:int64': 'int64', 'typewire:minimum': '0' } } });
  });

  it('reports what it cannot express, with the path', () => {
    const { problems } = validatorSchema({
      properties: {
        a: { type: 'integer', format: 'int64', enum: [1, 2] },
        b: { type: ['integer', 'null'], format: 'int64' },
        c: { type: 'integer', format: 'int64', minimum: 0.5 },
        d: { type: 'string', format: 'binary', pattern: '^x' },
      },
    });
    expect(problems.map((p) => p.path.join('/'))).toEqual(['properties/a/enum', 'properties/b', 'properties/c/minimum', 'properties/d/pattern']);
  });

  it('makes emitValidatorModule fail with SCHEMA_UNSUPPORTED_KEYWORD', () => {
    let error: unknown;
    try {
      emitValidatorModule([{ exportName: 'validateX', schema: { properties: { a: { type: 'integer', format: 'int64', const: 1 } } }, draft: '2020-12' }]);
    } catch (e) {
      error = e;
    }
    expect(isTypewireError(error) && error.code).toBe('SCHEMA_UNSUPPORTED_KEYWORD');
  });
});

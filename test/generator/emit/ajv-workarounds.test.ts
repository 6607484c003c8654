import { describe, expect, it } from 'vitest';
import { applyAjvWorkarounds } from '../../../generator/emit/ajv-workarounds.js';

describe('applyAjvWorkarounds', () => {
  it('leaves ordinary schemas alone and does not change its input', () => {
    const schema = { type: 'object', properties: { a: { enum: [1] }, b: { if: { type: 'string' }, then: { minLength: 1 } } } };
    const copy = structuredClone(schema);
    expect(applyAjvWorkarounds(schema)).toEqual(copy);
    expect(schema).toEqual(copy);
  });

  it('turns an empty enum into not: true, beside an existing allOf', () => {
    expect(applyAjvWorkarounds({ properties: { a: { enum: [], allOf: [{ type: 'string' }] } } })).toEqual({
      properties: { a: { allOf: [{ type: 'string' }, { not: true }] } },
    });
  });

  it('moves $ref beside a nested $id into allOf, but not at the root', () => {
    const schema = { $id: 'https://x.test/root.json', $ref: '#/$defs/a', $defs: { a: { $id: 'a.json', $ref: '#/$defs/b', $defs: { b: {} } } } };
    expect(applyAjvWorkarounds(schema)).toEqual({
      $id: 'https://x.test/root.json',
      $ref: '#/$defs/a',
      $defs: { a: { $id: 'a.json', $defs: { b: {} }, allOf: [{ $ref: '#/$defs/b' }] } },
    });
  });

  it('writes if/then/else as anyOf when an unevaluated keyword can see its annotations', () => {
    const out = applyAjvWorkarounds({ if: { required: ['a'] }, else: { required: ['b'] }, unevaluatedProperties: false });
    expect(out).toEqual({
      unevaluatedProperties: false,
      allOf: [{ anyOf: [{ allOf: [{ required: ['a'] }, true] }, { allOf: [{ not: { required: ['a'] } }, { required: ['b'] }] }] }],
    });
  });

  it('keeps if/then/else when moving it would break a ref or define an $id twice', () => {
    const pointedAt = { if: { required: ['a'] }, then: { required: ['b'] }, properties: { x: { $ref: '#/then' } }, unevaluatedProperties: false };
    expect(applyAjvWorkarounds(pointedAt)).toEqual(pointedAt);
    const identified = { if: { $id: 'cond.json', required: ['a'] }, unevaluatedProperties: false };
    expect(applyAjvWorkarounds(identified)).toEqual(identified);
  });
});

import { describe, expect, it } from 'vitest';
import { specialPaths, structures } from '../../../generator/emit/message-shape.js';

describe('structures', () => {
  it('lists each object key list once, in declaration order, root first', () => {
    const schema = {
      type: 'object',
      properties: {
        customerId: { type: 'string' },
        shipping: { $ref: '#/$defs/Address' },
        billing: { $ref: '#/$defs/Address' },
        lines: { type: 'array', items: { type: 'object', properties: { sku: {}, quantity: {} } } },
      },
      $defs: { Address: { type: 'object', properties: { street: {}, city: {} } } },
    };
    expect(structures(schema)).toEqual([
      ['customerId', 'shipping', 'billing', 'lines'],
      ['sku', 'quantity'],
      ['street', 'city'],
    ]);
  });

  it('ignores data that looks like a schema', () => {
    expect(structures({ type: 'object', properties: { a: { const: { properties: { x: 1 } } } } })).toEqual([['a']]);
  });
});

describe('specialPaths', () => {
  it('finds int64 and bytes values through properties, arrays, maps, refs and combinators', () => {
    const schema = {
      type: 'object',
      properties: {
        total: { type: 'integer', format: 'int64' },
        lines: { type: 'array', items: { $ref: '#/$defs/Line' } },
        blobs: { type: 'object', additionalProperties: { type: 'string', format: 'binary' } },
        pair: { type: 'array', prefixItems: [{ type: 'object', properties: { id: { type: 'integer', format: 'uint64' } } }, { type: 'string' }] },
        either: { oneOf: [{ type: 'string', format: 'binary' }, { type: 'null' }] },
        count: { type: 'integer' },
      },
      $defs: { Line: { type: 'object', properties: { price: { type: 'integer', format: 'int64' } } } },
    };
    expect(specialPaths(schema)).toEqual({
      int64: [['lines', '*', 'price'], ['pair', '*', 'id'], ['total']],
      bytes: [['blobs', '*'], ['either']],
      problems: [],
    });
  });

  it('addresses tuple positions as `*`, and reports a tuple mixing special and plain items', () => {
    const same = { properties: { p: { prefixItems: [{ type: 'integer', format: 'int64' }, { $ref: '#/$defs/I' }], items: false } }, $defs: { I: { type: 'integer', format: 'uint64' } } };
    expect(specialPaths(same)).toEqual({ int64: [['p', '*']], bytes: [], problems: [] });
    const mixed = { properties: { p: { items: [{ type: 'integer', format: 'int64' }, { type: 'string' }] } } };
    expect(specialPaths(mixed).problems.map((p) => p.path.join('/'))).toEqual(['properties/p/items']);
    const open = { properties: { p: { prefixItems: [{ type: 'string', format: 'binary' }] } } };
    expect(specialPaths(open).problems.map((p) => p.path.join('/'))).toEqual(['properties/p/prefixItems']);
    const closed = { properties: { p: { prefixItems: [{ type: 'string', format: 'binary' }], items: false } } };
    expect(specialPaths(closed)).toEqual({ int64: [], bytes: [['p', '*']], problems: [] });
    const openRest = { properties: { p: { prefixItems: [{ type: 'string', format: 'binary' }], items: { type: 'string' } } } };
    expect(specialPaths(openRest).problems.map((p) => p.path.join('/'))).toEqual(['properties/p/prefixItems']);
  });

  it('reports patternProperties of special values beside other undeclared properties', () => {
    const mixed = { properties: { m: { patternProperties: { '^n': { type: 'integer', format: 'int64' } } } } };
    expect(specialPaths(mixed).problems.map((p) => p.path.join('/'))).toEqual(['properties/m/patternProperties']);
    const closed = { properties: { m: { patternProperties: { '^n': { type: 'integer', format: 'int64' } }, additionalProperties: false } } };
    expect(specialPaths(closed)).toEqual({ int64: [['m', '*']], bytes: [], problems: [] });
  });

  it('follows a shared definition once per place it is used', () => {
    const schema = {
      properties: { a: { $ref: '#/$defs/T' }, b: { $ref: '#/$defs/T' } },
      $defs: { T: { type: 'integer', format: 'int64' } },
    };
    expect(specialPaths(schema).int64).toEqual([['a'], ['b']]);
  });

  it('reports recursion that holds special values, and accepts recursion that does not', () => {
    const tree = { properties: { at: { type: 'integer', format: 'int64' }, children: { type: 'array', items: { $ref: '#' } } } };
    const result = specialPaths(tree);
    expect(result.int64).toEqual([['at']]);
    expect(result.problems.map((p) => p.path.join('/'))).toEqual(['properties/children/items/$ref']);
    const plain = { properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } } };
    expect(specialPaths(plain)).toEqual({ int64: [], bytes: [], problems: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { findMessage } from '../../../generator/front.js';
import { loadIssues, loadModel, message } from './helpers.js';

const address = {
  ...message('Shipment', { to: { $ref: '#/$defs/Address' } }),
  $defs: { Address: { title: 'Address', type: 'object', properties: { city: { type: 'string' } } } },
};

describe('$ref resolution', () => {
  it('inlines a cross-file ref into $defs and rewrites it locally', async () => {
    const model = await loadModel({
      'messages/shipment.json': address,
      'messages/order.json': message('Order', { ship: { $ref: 'shipment.json#/$defs/Address' }, again: { $ref: './shipment.json#/$defs/Address' } }),
    });
    const order = findMessage(model, 'Order')!;
    expect(order.bundled.properties).toEqual({ ship: { $ref: '#/$defs/Address' }, again: { $ref: '#/$defs/Address' } });
    expect(order.bundled.$defs).toEqual({ Address: address.$defs.Address });
    // A $defs entry is not a message of its own: the type schema inlines it too.
    expect(order.references).toEqual([]);
    expect(order.typeSchema.properties).toEqual(order.bundled.properties);
  });

  it('replaces refs to other messages by tsType in typeSchema, and lists them', async () => {
    const model = await loadModel({
      'messages/line.json': message('Line'),
      'messages/order.json': message('Order', { lines: { type: 'array', items: { $ref: 'line.json', description: 'One line.' } } }),
    });
    const order = findMessage(model, 'Order')!;
    expect(order.typeSchema.properties).toEqual({ lines: { type: 'array', items: { description: 'One line.', tsType: 'Line' } } });
    expect(order.references).toEqual(['Line']);
    expect((order.bundled.$defs as Record<string, unknown>).Line).toEqual({ ...message('Line') });
  });

  it('resolves absolute $id URIs and anchors', async () => {
    const model = await loadModel({
      'messages/a.json': { $id: 'https://example.com/schemas/a.json', ...message('A'), $defs: { code: { $anchor: 'code', type: 'string', pattern: '^[A-Z]+$' } } },
      'messages/sub/b.json': message('B', { a: { $ref: 'https://example.com/schemas/a.json' }, code: { $ref: 'https://example.com/schemas/a.json#code' } }),
    });
    const b = findMessage(model, 'B')!;
    expect(b.references).toEqual(['A']);
    // The anchor lies inside A, which is already inlined: the ref points into that copy, anchor removed.
    expect(b.bundled.properties).toEqual({ a: { $ref: '#/$defs/A' }, code: { $ref: '#/$defs/A/$defs/code' } });
    expect((b.bundled.$defs as Record<string, { $defs: unknown; $id?: string }>).A!.$defs).toEqual({ code: { type: 'string', pattern: '^[A-Z]+$' } });
    expect((b.bundled.$defs as Record<string, { $id?: string }>).A!.$id).toBeUndefined();
    expect(findMessage(model, 'A')!.schemaId).toBe('https://example.com/schemas/a.json');
  });

  it('resolves relative refs against $id, falling back to the file path', async () => {
    const model = await loadModel({
      'messages/x.json': { $id: 'https://elsewhere.example/x.json', ...message('X', { y: { $ref: 'y.json' } }) },
      'messages/y.json': message('Y'),
    });
    expect(findMessage(model, 'X')!.references).toEqual(['Y']);
  });

  it('follows JSON pointers with ~0 and ~1 escapes and percent-encoding', async () => {
    const model = await loadModel({
      'messages/m.json': {
        ...message('M', { a: { $ref: '#/$defs/a~1b' }, b: { $ref: '#/$defs/t~0x' }, c: { $ref: '#/$defs/with%20space' } }),
        $defs: { 'a/b': { type: 'string' }, 't~x': { type: 'number' }, 'with space': { type: 'boolean' } },
      },
    });
    expect(findMessage(model, 'M')!.bundled.properties).toEqual({ a: { $ref: '#/$defs/a~1b' }, b: { $ref: '#/$defs/t~0x' }, c: { $ref: '#/$defs/with%20space' } });
  });

  it('reports a missing file, a missing pointer and a non-schema target at the $ref itself (SCHEMA_BAD_REF)', async () => {
    const issues = await loadIssues({
      'messages/shipment.json': address,
      'messages/m.json': message('M', {
        a: { $ref: 'nope.json' },
        b: { $ref: 'shipment.json#/$defs/Adress' },
        c: { $ref: 'shipment.json#/properties' },
        d: { $ref: '#unknownAnchor' },
      }),
    });
    expect(issues.map((i) => [i.code, i.pointer, i.message])).toEqual([
      ['SCHEMA_BAD_REF', '/properties/a/$ref', '$ref "nope.json": no schema file "messages/nope.json" was loaded'],
      ['SCHEMA_BAD_REF', '/properties/b/$ref', '$ref "shipment.json#/$defs/Adress": messages/shipment.json has nothing at "/$defs/Adress" ("/$defs" has no key "Adress") (did you mean "Address"?)'],
      ['SCHEMA_BAD_REF', '/properties/c/$ref', '$ref "shipment.json#/properties": "/properties" in messages/shipment.json is not a schema'],
      ['SCHEMA_BAD_REF', '/properties/d/$ref', '$ref "#unknownAnchor": messages/m.json has no $anchor "unknownAnchor"'],
    ]);
  });

  it('reports refs that leave the loaded files', async () => {
    const issues = await loadIssues({
      'messages/m.json': message('M', { a: { $ref: '../../outside.json' }, b: { $ref: '../common/defs.json' }, c: { $ref: 'https://example.com/x.json' } }),
    });
    expect(issues.map((i) => i.message)).toEqual([
      '$ref "../../outside.json" points outside the schemas folder',
      '$ref "../common/defs.json": no schema file "common/defs.json" was loaded (only messages/**/*.{json,yaml,yml} and services/**/*.service.{json,yaml,yml} are loaded)',
      '$ref "https://example.com/x.json": no loaded schema has $id "https://example.com/x.json"',
    ]);
  });

  it('reports two files claiming the same $id (SCHEMA_DUPLICATE_NAME)', async () => {
    const issues = await loadIssues({
      'messages/a.json': { $id: 'https://example.com/same.json', ...message('A') },
      'messages/b.json': { $id: 'https://example.com/same.json', ...message('B') },
    });
    expect(issues).toEqual([expect.objectContaining({ code: 'SCHEMA_DUPLICATE_NAME', file: 'messages/b.json', pointer: '/$id', message: '$id "https://example.com/same.json" is already used by messages/a.json' })]);
  });
});

/**
 * One test per JSON Schema construct the type emitter claims to support,
 * asserting on the lines json-schema-to-typescript produces for it.
 */
import { describe, expect, it } from 'vitest';
import { declaredTypeNames, emitMessageType } from '../../../generator/emit/message-type.js';
import { messageModel } from './helpers/model.js';

const options = { sourceRoot: 'schemas' };

async function typeOf(schema: Record<string, unknown>, extra: Parameters<typeof messageModel>[1] = {}): Promise<string[]> {
  return (await emitMessageType(messageModel(schema, extra), options)).split('\n');
}

describe('emitMessageType', () => {
  it('types required and optional fields, with description and @see on each field', async () => {
    const lines = await typeOf({
      title: 'OrderLine',
      description: 'One product line.',
      type: 'object',
      properties: { sku: { type: 'string', description: 'Stock keeping unit.' }, quantity: { type: 'integer' } },
      required: ['sku'],
      additionalProperties: false,
    });
    expect(lines).toEqual([
      '/**',
      ' * One product line.',
      ' *',
      ' * @see schemas/messages/order-line.json',
      ' */',
      'export interface OrderLine {',
      '  /**',
      '   * Stock keeping unit.',
      '   *',
      '   * @see schemas/messages/order-line.json#/properties/sku',
      '   */',
      '  sku: string;',
      '  /**',
      '   * @see schemas/messages/order-line.json#/properties/quantity',
      '   */',
      '  quantity?: number;',
      '}',
      '',
    ]);
  });

  it('points @see into the service file for inline messages', async () => {
    const lines = await typeOf(
      { title: 'StatsRequest', type: 'object', properties: { metric: { type: 'string' } } },
      { file: 'services/telemetry.service.yaml', pointer: '/methods/stats/request' },
    );
    expect(lines).toContain('   * @see schemas/services/telemetry.service.yaml#/methods/stats/request/properties/metric');
  });

  it('types int64/uint64 as bigint and binary as Uint8Array, also in arrays and maps', async () => {
    const lines = await typeOf({
      title: 'Reading',
      type: 'object',
      properties: {
        at: { type: 'integer', format: 'int64' },
        count: { type: 'integer', format: 'uint64' },
        raw: { type: 'string', format: 'binary' },
        samples: { type: 'array', items: { type: 'integer', format: 'int64' } },
        blobs: { type: 'object', additionalProperties: { type: 'string', format: 'binary' } },
        plain: { type: 'integer' },
      },
      required: ['at', 'count', 'raw', 'samples', 'blobs', 'plain'],
      additionalProperties: false,
    });
    expect(lines).toContain('  at: bigint;');
    expect(lines).toContain('  count: bigint;');
    expect(lines).toContain('  raw: Uint8Array;');
    expect(lines).toContain('  samples: bigint[];');
    expect(lines).toContain('    [k: string]: Uint8Array;');
    expect(lines).toContain('  plain: number;');
  });

  it('leaves objects open unless additionalProperties is false (no `any` anywhere)', async () => {
    const code = (await typeOf({ title: 'Open', type: 'object', properties: { a: {} } })).join('\n');
    expect(code).toContain('  a?: unknown;');
    expect(code).toContain('  [k: string]: unknown;');
    expect(code).not.toMatch(/\bany\b/);
  });

  it('declares titled $defs as named types and keeps one declaration when a $ref carries a description', async () => {
    const code = await typeOf({
      title: 'PlaceOrderRequest',
      type: 'object',
      properties: { shipping: { $ref: '#/$defs/Address', description: 'Where to ship.' }, billing: { $ref: '#/$defs/Address' } },
      required: ['shipping'],
      additionalProperties: false,
      $defs: { Address: { title: 'Address', type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
    });
    expect(code).toContain('  shipping: Address;');
    expect(code).toContain('  billing?: Address;');
    expect(code).toContain('   * Where to ship.');
    expect(declaredTypeNames(code.join('\n'))).toEqual(['PlaceOrderRequest', 'Address']);
    expect(code).toContain('   * @see schemas/messages/place-order-request.json#/$defs/Address/properties/city');
  });

  it('uses other messages by name (tsType from the model), without declaring them', async () => {
    const schema = { title: 'FulfillmentTask', type: 'object', properties: { items: { type: 'array', items: { tsType: 'OrderLine' } } }, required: ['items'], additionalProperties: false };
    const code = await typeOf(schema, { references: ['OrderLine'] });
    expect(code).toContain('  items: OrderLine[];');
    expect(declaredTypeNames(code.join('\n'))).toEqual(['FulfillmentTask']);
  });

  it('types enum and const as literal unions', async () => {
    const code = await typeOf({
      title: 'Status',
      type: 'object',
      properties: { status: { enum: ['accepted', 'backordered'] }, version: { const: 2 }, unit: { type: 'string', enum: ['c', 'k'] } },
      required: ['status', 'version', 'unit'],
      additionalProperties: false,
    });
    expect(code).toContain("  status: 'accepted' | 'backordered';");
    expect(code).toContain('  version: 2;');
    expect(code).toContain("  unit: 'c' | 'k';");
  });

  it('types nullable type lists and anyOf/oneOf of scalars as unions', async () => {
    const code = await typeOf({
      title: 'Maybe',
      type: 'object',
      properties: { a: { type: ['string', 'null'] }, b: { anyOf: [{ type: 'string' }, { type: 'number' }] }, c: { oneOf: [{ type: 'boolean' }, { type: 'null' }] } },
      required: ['a', 'b', 'c'],
      additionalProperties: false,
    });
    expect(code).toContain('  a: string | null;');
    expect(code).toContain('  b: string | number;');
    expect(code).toContain('  c: boolean | null;');
  });

  it('types arrays with minItems/maxItems as plain arrays, and prefixItems as tuples', async () => {
    const code = await typeOf({
      title: 'Lists',
      type: 'object',
      properties: {
        many: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false, minItems: 2 },
        head: { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'boolean' }, minItems: 1 },
      },
      required: ['many', 'pair', 'head'],
      additionalProperties: false,
    });
    expect(code).toContain('  many: string[];');
    expect(code).toContain('  pair: [string, number];');
    expect(code).toContain('  head: [string, ...boolean[]];');
  });

  it('keeps properties beside oneOf (json-schema-to-typescript issue #637)', async () => {
    const code = await typeOf({
      title: 'Envelope',
      type: 'object',
      properties: { id: { type: 'integer' }, kind: { enum: ['request', 'event'] } },
      required: ['id', 'kind'],
      oneOf: [
        { properties: { dataId: { type: 'string' } }, required: ['dataId'] },
        { properties: { previousId: { type: 'integer' } }, required: ['previousId'] },
      ],
    });
    const text = code.join('\n');
    expect(text).toMatch(/^export type Envelope = \{\n(.*\n)*?  id: number;\n(.*\n)*?  kind: 'request' \| 'event';/m);
    expect(text).toMatch(/dataId: string;/);
    expect(text).toMatch(/previousId: number;/);
    expect(text).toContain('} & (');
    // the bug left a reference to a type that was never declared
    expect(declaredTypeNames(text)).toEqual(['Envelope']);
    expect(text).not.toMatch(/Envelope1/);
  });

  it('drops keywords a type cannot express instead of typing the value as an object', async () => {
    const code = await typeOf({
      title: 'Odd',
      type: 'object',
      properties: { a: { not: { type: 'string' } }, b: { if: { type: 'string' }, then: { minLength: 1 } } },
      required: ['a', 'b'],
      additionalProperties: false,
    });
    expect(code).toContain('  a: unknown;');
    expect(code).toContain('  b: unknown;');
  });

  it('types a self-reference recursively', async () => {
    const code = await typeOf({ title: 'Node', type: 'object', properties: { children: { type: 'array', items: { $ref: '#' } } }, additionalProperties: false });
    expect(code).toContain('  children?: Node[];');
  });

  it('escapes a description that would end the doc comment', async () => {
    const code = (await typeOf({ title: 'Tricky', type: 'object', properties: { a: { type: 'string', description: 'ends */ early' } } })).join('\n');
    expect(code).not.toContain('ends */');
  });
});

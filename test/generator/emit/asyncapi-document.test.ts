/**
 * The AsyncAPI emitter on small hand-built models: how messages, errors,
 * subscriptions and queues map, and how a message schema is embedded.
 */
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from '../../../generator/emit/asyncapi.js';
import { embeddedSchema } from '../../../generator/emit/asyncapi-schemas.js';
import { exampleModel, orders, outOfStock, placed, placeOrder, task } from './fixtures.js';
import { emitFiles, TEST_CONTEXT } from './helpers/emit.js';
import { messageModel, method, objectSchema, schemaModel, serviceModel } from './helpers/model.js';

type Doc = { [key: string]: any };
const documentOf = (model = exampleModel()): Doc => asyncApiDocument(model, TEST_CONTEXT);

async function parserErrors(doc: unknown): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(JSON.stringify(doc));
  return diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.code} at ${d.path.join('/')}: ${d.message}`);
}

describe('asyncapi.json', () => {
  it('is one of the emitted files, as stable JSON text', async () => {
    const files = await emitFiles(exampleModel());
    const text = files.get('asyncapi.json');
    expect(text).toBe(`${JSON.stringify(documentOf(), null, 2)}\n`);
    expect((await emitFiles(exampleModel())).get('asyncapi.json')).toBe(text);
  });

  it('sorts channels, operations and components by key', () => {
    const doc = documentOf();
    for (const map of [doc['channels'], doc['operations'], doc['components']['schemas'], doc['components']['messages']]) {
      const keys = Object.keys(map);
      expect(keys).toEqual([...keys].sort());
    }
    expect(Object.keys(doc)).toEqual(['asyncapi', 'info', 'channels', 'operations', 'components']);
  });

  it('parses without errors, cross-service subscriptions included', async () => {
    expect(await parserErrors(documentOf())).toEqual([]);
  });

  it('a subscription to another service\'s event receives on that event\'s channel', () => {
    expect(documentOf()['operations']['subscription:telemetry.orders:order.placed']).toEqual({
      action: 'receive',
      channel: { $ref: '#/channels/order.placed' },
      summary: 'telemetry receives order.placed (subscription orders: order.#)',
      description: 'Counts orders.',
      messages: [{ $ref: '#/channels/order.placed/messages/Placed' }],
      tags: [{ name: 'telemetry' }],
      'x-typewire-pattern': 'order.#',
    });
  });

  it('a declared error is a reply message; with details it refers to the details schema in the same format', () => {
    const messages = documentOf()['components']['messages'];
    expect(messages['orders.placeOrder.OUT_OF_STOCK']['payload']).toEqual({
      schemaFormat: 'application/schema+json;version=2020-12',
      schema: {
        type: 'object',
        properties: {
          code: { const: 'OUT_OF_STOCK' },
          message: { type: 'string' },
          details: { $ref: '#/components/schemas/OutOfStock/schema' },
          retryable: { const: true },
        },
        required: ['code', 'message', 'details', 'retryable'],
        additionalProperties: false,
      },
    });
    const coupon = messages['orders.placeOrder.INVALID_COUPON']['payload'];
    expect(coupon['schemaFormat']).toBe('application/schema+json;version=draft-07');
    expect(coupon['schema']['required']).toEqual(['code', 'message', 'retryable']);
    expect(documentOf()['channels']['orders.placeOrder:reply']).toMatchObject({ address: null });
  });

  it('the generic error lists the codes a handler can raise, except schema, config and declared codes', () => {
    const codes = (doc: Doc): string[] => doc['components']['messages']['typewire.Error']['payload']['properties']['code']['enum'];
    expect(codes(documentOf())).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'NOT_FOUND_METHOD', 'INTERNAL_HANDLER_FAILED']));
    expect(codes(documentOf()).some((code) => code.startsWith('SCHEMA_') || code.startsWith('CONFIG_'))).toBe(false);
    const declaring = serviceModel('orders', {
      methods: [method('orders', 'placeOrder', 'PlaceOrder', 'Placed', { errors: [{ code: 'VALIDATION_FAILED', retryable: false }] })],
    });
    expect(codes(documentOf(schemaModel([placeOrder, placed], [declaring])))).not.toContain('VALIDATION_FAILED');
  });

  it('a queue carries its settings, and names its dead-letter queue by subject', () => {
    const withDead = serviceModel('orders', {
      queues: [...orders.queues, { ...orders.queues[0]!, name: 'fulfillmentDead', subject: 'queue.fulfillmentDead', deadLetter: undefined, producers: ['orders'], consumers: ['ops team'] }],
    });
    const doc = documentOf(schemaModel([task], [withDead]));
    expect(doc['channels']['queue.fulfillment']['x-typewire-queue']).toEqual({
      durable: true,
      maxLength: 10,
      overflow: 'reject',
      maxRetries: 3,
      retryDelayMs: 1000,
      deadLetter: 'queue.fulfillmentDead',
      priorities: 1,
    });
    expect(doc['operations']['queue:fulfillmentDead:receive:ops team']).toMatchObject({ action: 'receive', tags: [{ name: 'ops team' }] });
  });

  it('keeps only the message components some channel carries', () => {
    const consumersOnly = serviceModel('orders', { queues: [{ ...orders.queues[0]!, deadLetter: undefined, producers: [] }], events: orders.events });
    const doc = documentOf(schemaModel([task, placed, outOfStock], [consumersOnly]));
    expect(Object.keys(doc['channels'])).toEqual(['order.placed', 'queue.fulfillment']);
    expect(Object.keys(doc['components']['messages'])).toEqual(['Placed', 'Task']);
    expect(Object.keys(doc['components']['schemas'])).toEqual(['OutOfStock', 'Placed', 'Task', 'typewire.Envelope']);
  });

  it('a schema set without services is still a valid document', async () => {
    const doc = documentOf(schemaModel([outOfStock]));
    expect(doc).toMatchObject({ channels: {}, operations: {}, info: { version: '0.0.0' } });
    expect(Object.keys(doc['components']['messages'])).toEqual([]);
    expect(Object.keys(doc['components']['schemas'])).toEqual(['OutOfStock', 'typewire.Envelope']);
    expect(await parserErrors(doc)).toEqual([]);
  });
});

describe('embedded message schemas', () => {
  it('drop the root $id, rewrite local refs to document pointers and mark typewire extensions', () => {
    const tree = messageModel(
      objectSchema(
        'Tree',
        {
          id: { type: 'integer', format: 'int64' },
          size: { type: 'integer', format: 'uint64' },
          blob: { type: 'string', format: 'binary' },
          children: { type: 'array', items: { $ref: '#' } },
          leaf: { $ref: '#/$defs/Leaf' },
          // Data and property names that look like keywords stay as they are.
          $ref: { const: { $ref: '#/not/a/ref' } },
        },
        { $id: 'https://example.com/tree.json', $defs: { Leaf: { type: 'string' } } },
      ),
    );
    const schema = embeddedSchema(tree) as Doc;
    expect(schema['$id']).toBeUndefined();
    expect(schema['properties']).toEqual({
      id: { type: 'integer', format: 'int64', 'x-typewire-type': 'int64' },
      size: { type: 'integer', format: 'uint64', 'x-typewire-type': 'uint64' },
      blob: { type: 'string', format: 'binary', 'x-typewire-type': 'bytes' },
      children: { type: 'array', items: { $ref: '#/components/schemas/Tree/schema' } },
      leaf: { $ref: '#/components/schemas/Tree/schema/$defs/Leaf' },
      $ref: { const: { $ref: '#/not/a/ref' } },
    });
    expect(tree.bundled['$id']).toBe('https://example.com/tree.json');
    expect(documentOf(schemaModel([tree]))['components']['schemas']['Tree']).toMatchObject({
      schemaFormat: 'application/schema+json;version=2020-12',
      'x-typewire-schema-id': 'https://example.com/tree.json',
      'x-typewire-fingerprint': tree.fingerprint,
    });
  });

  it('a non-local ref is a broken model, reported as internal', () => {
    const bad = messageModel(objectSchema('Bad', { x: { $ref: 'other.json' } }));
    expect(() => embeddedSchema(bad)).toThrow(expect.objectContaining({ code: 'INTERNAL_UNEXPECTED' }));
  });
});

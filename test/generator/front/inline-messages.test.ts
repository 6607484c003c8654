import { describe, expect, it } from 'vitest';
import { findMessage, findService } from '../../../generator/front.js';
import { loadIssues, loadModel, message, service } from './helpers.js';

const untitled = { type: 'object', properties: { ok: { type: 'boolean' } } };

describe('messages declared inline in services', () => {
  it('derives names for untitled inline schemas', async () => {
    const model = await loadModel({
      'services/shop.service.json': service('shop', {
        methods: { getCart: { request: untitled, response: { ...untitled, properties: { n: { type: 'integer' } } }, errors: { OUT_OF_STOCK: { details: { ...untitled, properties: { sku: { type: 'string' } } } } } } },
        events: { cartEmptied: { topic: 'shop.cart.emptied', payload: { ...untitled, properties: { at: { type: 'string' } } } } },
        queues: { restock: { message: { ...untitled, properties: { sku: { type: 'number' } } } } },
      }),
    });
    expect(model.messages.map((m) => [m.name, m.source.pointer])).toEqual([
      ['GetCartOutOfStockDetails', '/methods/getCart/errors/OUT_OF_STOCK/details'],
      ['RestockMessage', '/queues/restock/message'],
      ['ShopCartEmptiedPayload', '/events/cartEmptied/payload'],
      ['ShopGetCartRequest', '/methods/getCart/request'],
      ['ShopGetCartResponse', '/methods/getCart/response'],
    ]);
    expect(findMessage(model, 'ShopGetCartRequest')!.schemaId).toBe('typewire:services/shop.service.json#/methods/getCart/request');
    const shop = findService(model, 'shop')!;
    expect(shop.methods[0]!.errors[0]!.details).toBe('GetCartOutOfStockDetails');
    expect(shop.queues[0]!.message).toBe('RestockMessage');
  });

  it('names an inline schema by its title, in a YAML service', async () => {
    const model = await loadModel({
      'services/stats.service.yaml': [
        'service: stats',
        'version: 2.1.0-beta.1',
        'methods:',
        '  count:',
        '    description: Counts things.',
        '    request: { title: count request, type: object }',
        '    response:',
        '      title: CountResponse',
        '      description: How many.',
        '      type: object',
        '      properties: { n: { type: integer } }',
      ].join('\n'),
    });
    expect(model.messages.map((m) => m.name)).toEqual(['CountRequest', 'CountResponse']);
    expect(findMessage(model, 'CountResponse')!.description).toBe('How many.');
    expect(findService(model, 'stats')).toMatchObject({ version: '2.1.0-beta.1', methods: [{ name: 'count', description: 'Counts things.' }] });
  });

  it('makes a message of a $defs entry a service refers to, and types the owner against it', async () => {
    const model = await loadModel({
      'messages/shipment.json': { ...message('Shipment', { to: { $ref: '#/$defs/Address' } }), $defs: { Address: { title: 'Address', type: 'object' } } },
      'services/post.service.json': service('post', { events: { moved: { topic: 'post.moved', payload: { $ref: '../messages/shipment.json#/$defs/Address' } } } }),
    });
    expect(model.messages.map((m) => [m.name, m.source])).toEqual([
      ['Address', { file: 'messages/shipment.json', pointer: '/$defs/Address' }],
      ['Shipment', { file: 'messages/shipment.json', pointer: '' }],
    ]);
    expect(findMessage(model, 'Shipment')!.references).toEqual(['Address']);
    expect(findMessage(model, 'Address')!.schemaId).toBe('typewire:messages/shipment.json#/$defs/Address');
  });

  it('refers to a message file rather than copying it', async () => {
    const model = await loadModel({
      'messages/ping.json': message('Ping'),
      'services/a.service.json': service('a', { methods: { ping: { request: { $ref: '../messages/ping.json' }, response: { $ref: '../messages/ping.json' } } } }),
      'services/b.service.json': service('b', { events: { pinged: { topic: 'b.pinged', payload: { $ref: '../messages/ping.json', description: 'The ping.' } } } }),
    });
    expect(model.messages.map((m) => m.name)).toEqual(['Ping']);
  });

  it('makes one message of identical inline schemas with the same title', async () => {
    const empty = { title: 'Empty', type: 'object', additionalProperties: false };
    const model = await loadModel({
      'services/a.service.json': service('a', { methods: { stop: { request: empty, response: empty } } }),
      'services/b.service.json': service('b', { methods: { start: { request: empty, response: empty } } }),
    });
    expect(model.messages.map((m) => [m.name, m.source])).toEqual([['Empty', { file: 'services/a.service.json', pointer: '/methods/stop/request' }]]);
    expect(model.services.flatMap((s) => s.methods.map((m) => [m.request, m.response]))).toEqual([['Empty', 'Empty'], ['Empty', 'Empty']]);
  });

  it('reports two different schemas with the same name, naming both files (SCHEMA_DUPLICATE_NAME)', async () => {
    const issues = await loadIssues({
      'messages/user.json': message('User'),
      'messages/people/user.json': message('user', { name: { type: 'string' } }),
      'services/a.service.json': service('a', { methods: { get: { request: { ...untitled, title: 'User' }, response: { $ref: '../messages/user.json' } } } }),
    });
    expect(issues.map((i) => [i.code, i.file, i.pointer])).toEqual([
      ['SCHEMA_DUPLICATE_NAME', 'messages/user.json', '/title'],
      ['SCHEMA_DUPLICATE_NAME', 'services/a.service.json', '/methods/get/request/title'],
    ]);
    expect(issues[0]!.message).toBe('two different schemas are both named "User": messages/people/user.json and messages/user.json; give one of them another title');
    expect(issues[1]!.message).toContain('messages/people/user.json and services/a.service.json#/methods/get/request');
  });
});

import { describe, expect, it } from 'vitest';
import { checkNames } from '../../../generator/emit/check-names.js';
import { event, messageModel, method, objectSchema, schemaModel, serviceModel } from './helpers/model.js';

const a = messageModel(objectSchema('A', { x: { type: 'string' } }));

describe('checkNames', () => {
  it('accepts a model whose names are all distinct', () => {
    expect(checkNames(schemaModel([a], [serviceModel('orders', { methods: [method('orders', 'get', 'A', 'A')] })]))).toEqual([]);
  });

  it('reports two messages that would share a file (names differing only in case)', () => {
    const upper = messageModel(objectSchema('ABC', {}), { file: 'messages/one.json' });
    const lower = messageModel(objectSchema('Abc', {}), { file: 'messages/two.json' });
    const issues = checkNames(schemaModel([upper, lower]));
    expect(issues).toEqual([
      {
        code: 'SCHEMA_DUPLICATE_NAME',
        file: 'messages/one.json',
        pointer: '',
        message: 'message "ABC" and message "Abc" (messages/two.json#) would both be emitted as the file "messages/abc.ts"; rename one',
      },
    ]);
  });

  it('reports a message whose descriptor name is another message type', () => {
    const order = messageModel(objectSchema('Order', {}));
    const orderMessage = messageModel(objectSchema('OrderMessage', {}));
    const issues = checkNames(schemaModel([order, orderMessage]));
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('the exported name "OrderMessage"')]);
  });

  it('reports a message type that takes a service export name', () => {
    const client = messageModel(objectSchema('OrdersClient', {}));
    const issues = checkNames(schemaModel([client], [serviceModel('orders')]));
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('"OrdersClient"')]);
  });

  it('reports a method named like a client member, and two names that become one key', () => {
    const service = serviceModel('orders', {
      methods: [method('orders', 'events', 'A', 'A')],
      events: [event('orders', 'order-placed', 'order.placed', 'A'), event('orders', 'orderPlaced', 'order.placed2', 'A')],
    });
    const issues = checkNames(schemaModel([a], [service]));
    expect(issues.map((i) => i.message)).toEqual([
      'event "order-placed" of service "orders" and event "orderPlaced" of service "orders" (services/orders.service.json#/events/orderPlaced) would both be emitted as the exported name "OrdersOrderPlacedEvent"; rename one',
      'the client\'s "events" member and method "events" of service "orders" (services/orders.service.json#/methods/events) would both be emitted as the member "events"; rename one',
      'event "order-placed" of service "orders" and event "orderPlaced" of service "orders" (services/orders.service.json#/events/orderPlaced) would both be emitted as the event key "orderPlaced"; rename one',
    ]);
  });
});

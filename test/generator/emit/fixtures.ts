/** Small models shared by the emitter tests: an orders-like service and a telemetry-like one. */
import type { SchemaModel } from '../../../generator/model/types.js';
import { event, messageModel, method, objectSchema, queue, schemaModel, serviceModel, subscription } from './helpers/model.js';

export const placeOrder = messageModel(objectSchema('PlaceOrder', { sku: { type: 'string' }, quantity: { type: 'integer' } }), { file: 'messages/place-order.json' });
export const placed = messageModel(objectSchema('Placed', { orderId: { type: 'string' }, totalCents: { type: 'integer', format: 'int64' } }));
export const outOfStock = messageModel(objectSchema('OutOfStock', { available: { type: 'integer' } }));
export const task = messageModel(objectSchema('Task', { orderId: { type: 'string' } }));
export const reading = messageModel(objectSchema('Reading', { value: { type: 'number' } }));
export const alarm = messageModel(objectSchema('Alarm', { level: { type: 'integer' } }));

export const orders = serviceModel('orders', {
  description: 'Takes orders.',
  methods: [
    method('orders', 'placeOrder', 'PlaceOrder', 'Placed', {
      description: 'Places an order.',
      timeoutMs: 5000,
      errors: [
        { code: 'INVALID_COUPON', retryable: false },
        { code: 'OUT_OF_STOCK', description: 'Not enough stock.', details: 'OutOfStock', retryable: true },
      ],
    }),
  ],
  events: [event('orders', 'orderPlaced', 'order.placed', 'Placed', { description: 'An order was accepted.' })],
  queues: [queue('orders', 'fulfillment', 'Task', { description: 'Work for the warehouse.', maxLength: 10, deadLetter: 'fulfillmentDead' })],
});

export const telemetry = serviceModel('telemetry', {
  events: [event('telemetry', 'engineTemperature', 'telemetry.engine.temperature', 'Reading'), event('telemetry', 'engineAlarm', 'telemetry.engine.alarm', 'Alarm')],
  subscriptions: [
    subscription('telemetry', 'engine', 'telemetry.engine.*', [
      { service: 'telemetry', event: 'engineAlarm' },
      { service: 'telemetry', event: 'engineTemperature' },
    ]),
    subscription('telemetry', 'orders', 'order.#', [{ service: 'orders', event: 'orderPlaced' }], { description: 'Counts orders.' }),
  ],
});

export function exampleModel(): SchemaModel {
  return schemaModel([placeOrder, placed, outOfStock, task, reading, alarm], [orders, telemetry]);
}

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { findMessage, findService, loadSchemaModel } from '../../../generator/front.js';

const examples = fileURLToPath(new URL('../../../schemas', import.meta.url));

describe('the example schemas/ folder', () => {
  it('loads with no issues and the expected messages', async () => {
    const result = await loadSchemaModel(examples);
    if (!result.ok) expect.fail(JSON.stringify(result.issues, null, 2));
    expect(result.model.messages.map((m) => m.name)).toEqual([
      'ChatMessage', 'FulfillmentTask', 'GetOrderRequest', 'JoinRoomRequest', 'JoinRoomResponse', 'OrderLine',
      'OrderPlaced', 'OutOfStock', 'PlaceOrderRequest', 'PlaceOrderResponse', 'PostMessageResponse',
      'StatsRequest', 'StatsResponse', 'TelemetryReading',
    ]);
    expect(result.model.services.map((s) => s.name)).toEqual(['chat', 'orders', 'telemetry']);
    expect(result.files).toContain('services/telemetry.service.yaml');
  });

  it('links methods, errors and queues to messages, with defaults filled in', async () => {
    const result = await loadSchemaModel(examples);
    if (!result.ok) expect.fail('did not load');
    const orders = findService(result.model, 'orders')!;
    const placeOrder = orders.methods.find((m) => m.name === 'placeOrder')!;
    expect(placeOrder).toMatchObject({ subject: 'orders.placeOrder', request: 'PlaceOrderRequest', response: 'PlaceOrderResponse', timeoutMs: 5000 });
    expect(placeOrder.errors.map((e) => [e.code, e.details, e.retryable])).toEqual([
      ['INVALID_COUPON', undefined, false],
      ['OUT_OF_STOCK', 'OutOfStock', false],
    ]);
    expect(orders.methods.find((m) => m.name === 'getOrder')!.timeoutMs).toBe(30000);
    const dead = orders.queues.find((q) => q.name === 'fulfillmentDead')!;
    expect(dead).toMatchObject({ subject: 'queue.fulfillmentDead', message: 'FulfillmentTask', overflow: 'reject', maxRetries: 3, retryDelayMs: 1000, priorities: 1 });
    expect(dead.maxLength).toBeUndefined();
    expect(orders.queues.find((q) => q.name === 'fulfillment')!.deadLetter).toBe('fulfillmentDead');
  });

  it('links wildcard subscriptions to the events they match', async () => {
    const result = await loadSchemaModel(examples);
    if (!result.ok) expect.fail('did not load');
    const telemetry = findService(result.model, 'telemetry')!;
    expect(telemetry.subscriptions.map((s) => [s.name, s.events.map((e) => e.event)])).toEqual([
      ['everything', ['cabinTemperature', 'enginePressure', 'engineTemperature']],
      ['temperatures', ['cabinTemperature', 'engineTemperature']],
    ]);
  });

  it('keeps the draft-07 message in draft-07 and inlines cross-file refs', async () => {
    const result = await loadSchemaModel(examples);
    if (!result.ok) expect.fail('did not load');
    expect(findMessage(result.model, 'TelemetryReading')!.draft).toBe('07');
    expect(findMessage(result.model, 'TelemetryReading')!.bundled.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const request = findMessage(result.model, 'PlaceOrderRequest')!;
    expect(request.references).toEqual(['OrderLine']);
    expect(Object.keys(request.bundled.$defs as object)).toEqual(['Address', 'OrderLine']);
  });

  it('reports progress once per file', async () => {
    const calls: Array<[number, number, string]> = [];
    const result = await loadSchemaModel(examples, { onProgress: (done, total, file) => calls.push([done, total, file]) });
    if (!result.ok) expect.fail('did not load');
    expect(calls.map((c) => c[0])).toEqual(result.files.map((_, i) => i + 1));
    expect(calls.every((c) => c[1] === result.files.length)).toBe(true);
    expect(calls.map((c) => c[2])).toEqual(result.files);
  });
});

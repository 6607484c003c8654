/**
 * `npm run demo`: the example schemas end to end, in one process, on the
 * embedded defaults. A server runtime hosts the orders, chat and telemetry
 * services; a client runtime reaches it through the in-process transport, so
 * every message is encoded, decoded and validated exactly as over a network.
 * The durable fulfillment queue lives in embedded PGlite (in memory).
 */
import { QueueStore, createInProcessPair, createRuntime, isDeclaredError, isTypewireError, openDatabase, type DeadLetter } from 'typewire';
import {
  OrdersService,
  createChatClient,
  createOrdersClient,
  createTelemetryClient,
  defineChatService,
  defineOrdersService,
  defineTelemetryService,
  type PlaceOrderRequest,
} from '../generated/index.js';

const log = (label: string, value?: unknown): void => {
  console.log(value === undefined ? label : `${label} ${inspect(value)}`);
};
const inspect = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

const stock = new Map<string, number>([
  ['ABC-1234', 10],
  ['XYZ-0001', 1],
]);
const orders = new Map<string, { status: 'accepted' | 'backordered'; totalCents: bigint }>();
const rooms = new Map<string, Set<string>>();
const readings = { temperature: [] as number[], pressure: [] as number[] };

async function main(): Promise<void> {
  // Queues declared `durable: true` (fulfillment and its dead-letter queue) live in this store;
  // `openDatabase({ url })` would put them in PostgreSQL instead. The short retry cap keeps the
  // poisoned task's five retries (declared backoff: 1 s doubling) quick for the demo.
  const db = await openDatabase();
  const queueStore = new QueueStore(db, { maxRetryDelayMs: 20 });
  const server = createRuntime({ source: 'demo-server', queueStore });
  const client = createRuntime({ source: 'demo-client' });

  server.serve(
    defineOrdersService({
      async placeOrder(request, ctx) {
        for (const line of request.items) {
          const available = stock.get(line.sku) ?? 0;
          if (line.quantity > available) ctx.fail('OUT_OF_STOCK', { sku: line.sku, requested: line.quantity, available });
        }
        if (request.coupon !== undefined && request.coupon !== 'WELCOME10') ctx.fail('INVALID_COUPON');
        for (const line of request.items) stock.set(line.sku, (stock.get(line.sku) ?? 0) - line.quantity);
        const totalCents = request.items.reduce((sum, l) => sum + l.unitPriceCents * BigInt(l.quantity), 0n);
        const orderId = `ord-${orders.size + 1}`;
        orders.set(orderId, { status: 'accepted', totalCents });
        await ctx.emit('orderPlaced', {
          orderId,
          customerId: request.customerId,
          totalCents,
          lines: request.items.length,
          placedAt: new Date().toISOString(),
        });
        await createOrdersClient(server).queues.fulfillment.send({ orderId, items: request.items }, { priority: 1 });
        return { orderId, status: 'accepted', totalCents };
      },
      async getOrder(request, ctx) {
        const order = orders.get(request.orderId);
        if (!order) return ctx.fail('ORDER_NOT_FOUND', `no order ${request.orderId}`);
        return { orderId: request.orderId, ...order };
      },
    }),
  );

  server.serve(
    defineChatService({
      async joinRoom(request) {
        const members = rooms.get(request.room) ?? new Set<string>();
        members.add(request.member);
        rooms.set(request.room, members);
        return { room: request.room, members: [...members].sort() };
      },
      async postMessage(message, ctx) {
        const members = rooms.get(message.room);
        if (!members?.has(message.author)) return ctx.fail('NOT_A_MEMBER');
        await ctx.emit('messagePosted', message);
        return { delivered: members.size };
      },
    }),
  );

  server.serve(
    defineTelemetryService({
      async stats(request) {
        const values = request.metric ? readings[request.metric] : [...readings.temperature, ...readings.pressure];
        const mean = values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
        return mean === undefined ? { count: values.length } : { count: values.length, mean };
      },
      subscriptions: {
        temperatures(reading) {
          readings.temperature.push(reading.value);
        },
        everything(_reading, ctx) {
          if (ctx.topic.endsWith('.pressure')) readings.pressure.push(_reading.value);
        },
      },
    }),
  );

  // The warehouse works the fulfillment queue on the server side; one SKU cannot be picked.
  let picked = (): void => undefined;
  const pickedOne = new Promise<void>((resolve) => (picked = resolve));
  const warehouse = createOrdersClient(server).queues.fulfillment.consume(async (task, { attempt }) => {
    log(`  warehouse: picking ${task.orderId} (attempt ${attempt}):`, task.items.map((i) => `${i.quantity}x ${i.sku}`));
    if (task.items.some((i) => i.sku === 'BAD-0000')) throw new Error(`no shelf holds ${task.orderId}'s BAD-0000`);
    picked();
  });

  const [clientEnd, serverEnd] = createInProcessPair();
  await Promise.all([server.connect(serverEnd), client.connect(clientEnd)]);

  const ordersClient = createOrdersClient(client);
  const placed = new Promise<void>((resolve) => {
    ordersClient.events.orderPlaced.subscribe((event) => {
      log('event order.placed:', event);
      resolve();
    });
  });
  // Subscriptions reach the server asynchronously; flush waits until it has them.
  await client.flush();

  log('\n1. place an order');
  const order: PlaceOrderRequest = {
    customerId: 'cust-42',
    items: [{ sku: 'ABC-1234', quantity: 2, unitPriceCents: 1999n }],
    shipping: { street: '1 Main St', city: 'Springfield', country: 'US' },
  };
  log('reply:', await ordersClient.placeOrder(order));
  await placed;
  await pickedOne;

  log('\n2. a typed error: more than is in stock');
  try {
    await ordersClient.placeOrder({ ...order, items: [{ sku: 'XYZ-0001', quantity: 5, unitPriceCents: 500n }] });
  } catch (error) {
    if (isDeclaredError(OrdersService.methods.placeOrder, error) && error.code === 'OUT_OF_STOCK') {
      log(`caught ${error.code} (retryable ${error.retryable}):`, error.details);
    } else throw error;
  }

  log('\n3. a bad message gets a coded error with the schema path');
  const careless = createRuntime({ source: 'careless-client', validateOutbound: false });
  const [a, b] = createInProcessPair();
  await Promise.all([server.connect(b), careless.connect(a)]);
  try {
    const bad = { ...order, items: [{ sku: 'not-a-sku', quantity: 0, unitPriceCents: 1n }] };
    await createOrdersClient(careless).placeOrder(bad);
  } catch (error) {
    if (!isTypewireError(error)) throw error;
    log(`rejected by the server: ${error.code}: ${error.message}`);
    log('details.errors:', (error.details as { errors: unknown }).errors);
  }
  log('the connection still works:', await createOrdersClient(careless).getOrder({ orderId: 'ord-1' }));

  log('\n4. chat: join a room and post');
  const chat = createChatClient(client);
  const posted = new Promise<void>((resolve) =>
    chat.events.messagePosted.subscribe((m) => {
      log(`  #${m.room} <${m.author}> ${m.text}`);
      resolve();
    }),
  );
  await client.flush();
  log('joined:', await chat.joinRoom({ room: 'general', member: 'ada' }));
  log('posted:', await chat.postMessage({ room: 'general', author: 'ada', text: 'hello, typed world', sentAt: BigInt(Date.now()) }));
  await posted;

  log('\n5. telemetry: wildcard subscriptions (telemetry.*.temperature and telemetry.#)');
  const telemetry = createTelemetryClient(client);
  const at = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < 5; i++) {
    await telemetry.events.engineTemperature.publish({ deviceId: 'engine-1', value: 80 + i, unit: 'celsius', at });
    await telemetry.events.cabinTemperature.publish({ deviceId: 'cabin-1', value: 21 + i / 10, unit: 'celsius', at });
    await telemetry.events.enginePressure.publish({ deviceId: 'engine-1', value: 101_000 + i, unit: 'pascal', at });
  }
  await client.flush();
  log('temperature stats:', await telemetry.stats({ metric: 'temperature' }));
  log('pressure stats:', await telemetry.stats({ metric: 'pressure' }));

  log('\n6. a poisoned fulfillment task: retried, then dead-lettered with its reason');
  const sent = await ordersClient.queues.fulfillment.send({ orderId: 'ord-poison', items: [{ sku: 'BAD-0000', quantity: 1, unitPriceCents: 1n }] }, { id: 'task-poison' });
  log('send acknowledged after the commit:', sent);
  log('sent again with the same id:', await ordersClient.queues.fulfillment.send({ orderId: 'ord-poison', items: [{ sku: 'BAD-0000', quantity: 1, unitPriceCents: 1n }] }, { id: 'task-poison' }));
  const letter = await deadLetter(queueStore, 'task-poison');
  log(`dead letter in ${letter.queue} from ${letter.origin}:`, letter.reason);

  await warehouse.close();
  log('\nserver bus stats:', server.stats());
  log('client bus stats:', client.stats());
  log('fulfillment queue:', await queueStore.stats('fulfillment'));
  await Promise.all([careless.close(), client.close(), server.close()]);
  await queueStore.close();
  await db.close();
}

/** Waits (up to 10 s) for message `id` to reach the fulfillment dead-letter queue. */
async function deadLetter(store: QueueStore, id: string): Promise<DeadLetter> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const found = (await store.listDeadLetters('fulfillmentDead')).letters.find((l) => l.id === id);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`message ${id} did not reach fulfillmentDead`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

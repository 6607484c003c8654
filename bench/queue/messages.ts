/**
 * What every queue case sends: the example domain's fulfillment task, on
 * queues declared like `OrdersService.queues.fulfillment` (max length, TTL,
 * retries, dead-letter queue) under names of their own, one per case, so no
 * case drains or fills another's queue.
 */
import { createEnvelope, type Envelope } from '../../runtime/envelope.js';
import type { QueueDescriptor } from '../../runtime/descriptors.js';
import { encodeQueueFrame } from '../../runtime/store/queue/queue-frame.js';
import type { FulfillmentTask } from '../../generated/messages/fulfillment-task.js';
import { OrdersService } from '../../generated/services/orders.js';

const FULFILLMENT = OrdersService.queues.fulfillment as QueueDescriptor<FulfillmentTask>;

/** The fulfillment queue's declaration under another name (letters, digits and underscores). */
export function benchQueue(name: string): QueueDescriptor<FulfillmentTask> {
  return { ...FULFILLMENT, name, subject: `queue.${name}`, deadLetter: `${name}_dead` };
}

/** A three-line task; prices are int64 cents, hence bigint. A fresh object each call. */
export function fulfillmentTask(orderId: string): FulfillmentTask {
  return {
    orderId,
    items: [
      { sku: 'KBD-1042', quantity: 1, unitPriceCents: 12_999n },
      { sku: 'MSE-2210', quantity: 2, unitPriceCents: 4_599n },
      { sku: 'CBL-0007', quantity: 3, unitPriceCents: 899n },
    ],
    express: false,
  };
}

let sent = 0;

/** A new envelope with a fresh id, as a producer would make one. */
export function taskEnvelope(): Envelope<FulfillmentTask> {
  sent += 1;
  return createEnvelope('queue.fulfillment', fulfillmentTask(`o-${sent}`));
}

/** The same task as pg-boss stores it: JSON, so int64 cents as numbers. */
export function taskJson(): { orderId: string; items: Array<{ sku: string; quantity: number; unitPriceCents: number }>; express: boolean } {
  const task = taskEnvelope().payload;
  return { ...task, express: task.express ?? false, items: task.items.map((line) => ({ ...line, unitPriceCents: Number(line.unitPriceCents) })) };
}

/** The bytes typewire stores for one task: what the plain SQL baselines insert, so every side writes the same row size. */
export function taskFrame(): Buffer {
  const frame = encodeQueueFrame(taskEnvelope(), FULFILLMENT.message, true);
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

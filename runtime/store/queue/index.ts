/**
 * The durable queue store, for the runtime's queue host and for tools. An
 * explicit list: what is not named here is internal to the store.
 */
export { QueueStore } from './queue-store.js';
export { readQueueEnvelope } from './queue-frame.js';
export { QUEUE_CHANNEL } from './depth-counters.js';
export type {
  ConsumeOptions,
  DeadLetter,
  DeadLetterCause,
  DeadLetterPage,
  DeadLetterPageOptions,
  DeadLetterReason,
  DeliveryContext,
  DeliveryHandler,
  DequeueOptions,
  DroppedMessage,
  EnqueueAck,
  EnqueueOptions,
  EnqueueOutcome,
  FlushInfo,
  LeasedMessage,
  NackOptions,
  NackOutcome,
  QueueConsumerHandle,
  QueueStats,
  QueueStoreOptions,
  ReplayOptions,
  ReplayResult,
} from './queue-types.js';

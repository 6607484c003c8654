/**
 * An enqueue, checked and encoded at the call, before it waits for a
 * transaction: a bad message is refused on its own and never takes a batch
 * down with it.
 */
import type { QueueDescriptor } from '../../descriptors.js';
import type { Envelope } from '../../envelope.js';
import { badArgument, checkDuration, checkMessageId, storedPriority } from './queue-arguments.js';
import { encodeQueueFrame } from './queue-frame.js';
import type { EnqueueOptions } from './queue-types.js';

/** One message, encoded and checked, waiting for the next transaction. */
export interface EnqueueRequest {
  readonly queue: QueueDescriptor<unknown>;
  readonly id: string;
  readonly priority: number;
  readonly frame: Uint8Array;
  readonly delayMs: number;
  /** The envelope's own expiry (epoch ms), if any; the queue's TTL applies as well. */
  readonly expiresAt: number | undefined;
  readonly traceparent: string | undefined;
}

/** Throws VALIDATION_BAD_ARGUMENT, VALIDATION_FAILED or SERIALIZATION_ENCODE_FAILED naming what is wrong. */
export function enqueueRequest<T>(queue: QueueDescriptor<T>, envelope: Envelope<T>, options: EnqueueOptions, validate: boolean): EnqueueRequest {
  checkMessageId(envelope?.id);
  const delayMs = options.delayMs ?? 0;
  checkDuration('enqueue', 'delayMs', delayMs);
  const { expiresAt } = envelope;
  if (expiresAt !== undefined && !Number.isFinite(expiresAt)) {
    throw badArgument('enqueue', 'envelope.expiresAt', expiresAt, 'must be a time in ms since the epoch');
  }
  return {
    queue: queue as QueueDescriptor<unknown>,
    id: envelope.id,
    priority: storedPriority(queue as QueueDescriptor<unknown>, envelope.priority),
    frame: encodeQueueFrame(envelope, queue.message, validate),
    delayMs,
    expiresAt,
    traceparent: envelope.traceparent,
  };
}

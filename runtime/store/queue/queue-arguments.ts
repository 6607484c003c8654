/**
 * Argument checks of the queue store. Each failure is a VALIDATION_BAD_ARGUMENT
 * naming the operation, the argument and the value, thrown before anything
 * touches the database.
 */
import type { QueueDescriptor } from '../../descriptors.js';
import { TypewireError } from '../../errors/typewire-error.js';
import type { ConsumerSettings } from './queue-consumer.js';
import type { ConsumeOptions } from './queue-types.js';

export const MAX_FETCH = 1_000;
export const DEFAULT_LEASE_MS = 30_000;
const MAX_QUEUE_NAME = 200;

export function badArgument(operation: string, argument: string, value: unknown, rule: string): TypewireError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new TypewireError('VALIDATION_BAD_ARGUMENT', `queue ${operation}: ${argument} ${shown} ${rule}`, {
    details: { operation, argument, value: shown },
  });
}

export function checkQueueName(operation: string, name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_QUEUE_NAME) {
    throw badArgument(operation, 'queue', name, `must be a name of 1..${MAX_QUEUE_NAME} characters`);
  }
}

/** The parts of a descriptor the store relies on. */
export function checkDescriptor(operation: string, queue: QueueDescriptor<unknown>): void {
  checkQueueName(operation, queue?.name);
  if (!Number.isSafeInteger(queue.maxRetries) || queue.maxRetries < 0)
    throw badArgument(operation, `${queue.name}.maxRetries`, queue.maxRetries, 'must be a non-negative integer');
  if (!(queue.retryDelayMs >= 0)) throw badArgument(operation, `${queue.name}.retryDelayMs`, queue.retryDelayMs, 'must be a non-negative number');
  if (queue.maxLength !== undefined && !(Number.isSafeInteger(queue.maxLength) && queue.maxLength > 0)) {
    throw badArgument(operation, `${queue.name}.maxLength`, queue.maxLength, 'must be a positive integer');
  }
  if (!(Number.isSafeInteger(queue.priorities) && queue.priorities >= 1)) {
    throw badArgument(operation, `${queue.name}.priorities`, queue.priorities, 'must be a positive integer');
  }
  if (queue.deadLetter !== undefined) checkQueueName(operation, queue.deadLetter);
}

/** A duration: a non-negative finite number of ms. */
export function checkDuration(operation: string, argument: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badArgument(operation, argument, value, 'must be a non-negative number of milliseconds');
  }
}

/** A positive integer no larger than `max`. */
export function checkCount(operation: string, argument: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw badArgument(operation, argument, value, `must be an integer from 1 to ${max}`);
  }
}

/**
 * The stored priority: the envelope's, clamped into `0 .. priorities-1` (a
 * producer asking for more urgency than the queue has gets the most there is).
 * A priority that is not an integer is refused.
 */
export function storedPriority(queue: QueueDescriptor<unknown>, priority: number | undefined): number {
  if (priority === undefined) return 0;
  if (typeof priority !== 'number' || !Number.isSafeInteger(priority)) {
    throw badArgument('enqueue', 'envelope.priority', priority, 'must be an integer');
  }
  const top = Math.max(1, queue.priorities) - 1;
  return Math.min(top, Math.max(0, priority));
}

/** A message id: the deduplication key and half the primary key. */
export function checkMessageId(id: string): void {
  if (typeof id !== 'string' || id.length === 0) throw badArgument('enqueue', 'envelope.id', id, 'must be a non-empty string');
}

/** The consumer options with their defaults, checked. */
export function consumerSettings(options: ConsumeOptions): ConsumerSettings {
  const concurrency = options.concurrency ?? 1;
  const settings = { concurrency, prefetch: options.prefetch ?? concurrency, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, pollMs: options.pollMs ?? 5_000 };
  checkCount('consume', 'concurrency', settings.concurrency, MAX_FETCH);
  if (!(Number.isSafeInteger(settings.prefetch) && settings.prefetch >= 0))
    throw badArgument('consume', 'prefetch', settings.prefetch, 'must be a non-negative integer');
  checkCount('consume', 'leaseMs', settings.leaseMs);
  checkCount('consume', 'pollMs', settings.pollMs);
  return settings;
}

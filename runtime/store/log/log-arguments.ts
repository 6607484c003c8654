/**
 * Argument checks of the event log API. Each failure is a coded error naming
 * the argument and the value, thrown before anything touches the database.
 */
import { assertTopic } from '../../bus/topic.js';
import { TypewireError } from '../../errors/typewire-error.js';
import type { LogStartPosition, RetentionPolicy } from './log-types.js';

export const MAX_READ_LIMIT = 10_000;
const MAX_GROUP_LENGTH = 200;
const FORBIDDEN_CHARACTER = /[\s\p{Cc}]/u;

function badArgument(operation: string, argument: string, value: unknown, rule: string): TypewireError {
  return new TypewireError('VALIDATION_BAD_ARGUMENT', `event log ${operation}: ${argument} ${describe(value)} ${rule}`, {
    details: { operation, argument, value: describe(value) },
  });
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** VALIDATION_BAD_TOPIC unless `topic` is a concrete topic (no wildcards). */
export function checkTopic(topic: string): void {
  assertTopic(topic);
}

/** A group name: 1..200 characters, no whitespace or control characters. */
export function checkGroup(operation: string, group: string): void {
  if (typeof group !== 'string' || group.length === 0 || group.length > MAX_GROUP_LENGTH || FORBIDDEN_CHARACTER.test(group)) {
    throw badArgument(operation, 'group', group, `must be 1..${MAX_GROUP_LENGTH} characters without whitespace or control characters`);
  }
}

/** An offset: a non-negative safe integer. */
export function checkOffset(operation: string, argument: string, offset: number): void {
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw badArgument(operation, argument, offset, 'must be a non-negative integer');
  }
}

export function checkStartPosition(operation: string, position: LogStartPosition): void {
  if (position === 'earliest' || position === 'latest') return;
  checkOffset(operation, 'fromOffset', position);
}

/** A positive integer no larger than `max`. */
export function checkCount(operation: string, argument: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw badArgument(operation, argument, value, `must be an integer from 1 to ${max}`);
  }
}

/** A duration in ms: a non-negative finite number. */
export function checkDuration(operation: string, argument: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badArgument(operation, argument, value, 'must be a non-negative number of milliseconds');
  }
}

export function checkRetentionPolicy(policy: RetentionPolicy): void {
  const { maxAgeMs, maxBytes, maxEntries } = policy ?? {};
  if (maxAgeMs === undefined && maxBytes === undefined && maxEntries === undefined) {
    throw badArgument('retention', 'policy', JSON.stringify(policy), 'must set maxAgeMs, maxBytes or maxEntries');
  }
  if (maxAgeMs !== undefined) checkDuration('retention', 'maxAgeMs', maxAgeMs);
  // 0 is allowed for the sizes: it empties the log, which is a legitimate reset.
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 0)) throw badArgument('retention', 'maxBytes', maxBytes, 'must be a non-negative integer');
  if (maxEntries !== undefined && !(Number.isSafeInteger(maxEntries) && maxEntries >= 0)) throw badArgument('retention', 'maxEntries', maxEntries, 'must be a non-negative integer');
}

/** The offset as JavaScript sees it: `pg` returns bigint columns as strings, PGlite as numbers. */
export function toOffset(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

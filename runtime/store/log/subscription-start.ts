/**
 * Where a consumer group starts, and the settings of its subscription.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlExecutor } from '../sql-database.js';
import { loadGroupOffset, saveGroupOffset } from './group-offsets-sql.js';
import { MAX_READ_LIMIT, checkCount, checkDuration, checkStartPosition } from './log-arguments.js';
import type { LogGap, LogStartPosition, LogSubscribeOptions } from './log-types.js';
import { readBounds } from './read-sql.js';

export interface SubscribeSettings {
  readonly fromOffset: LogStartPosition;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly retryDelayMs: number;
  readonly leaseMs: number;
}

/** The options with their defaults; VALIDATION_BAD_ARGUMENT naming the first bad one. */
export function subscribeSettings(options: LogSubscribeOptions): SubscribeSettings {
  const fromOffset = options.fromOffset ?? 'earliest';
  checkStartPosition('subscribe', fromOffset);
  const batchSize = options.batchSize ?? 100;
  checkCount('subscribe', 'batchSize', batchSize, MAX_READ_LIMIT);
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  checkDuration('subscribe', 'pollIntervalMs', pollIntervalMs);
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  checkDuration('subscribe', 'retryDelayMs', retryDelayMs);
  const leaseMs = options.leaseMs ?? 15_000;
  checkDuration('subscribe', 'leaseMs', leaseMs);
  if (leaseMs < 3) throw new TypewireError('VALIDATION_BAD_ARGUMENT', `event log subscribe: leaseMs must be at least 3, got ${leaseMs}`, { details: { operation: 'subscribe', argument: 'leaseMs' } });
  return { fromOffset, batchSize, pollIntervalMs, retryDelayMs, leaseMs };
}

/** `'earliest'` and `'latest'` as offsets of `topic` now; a number as it is. */
export async function resolvePosition(db: SqlExecutor, topic: string, position: LogStartPosition): Promise<number> {
  if (typeof position === 'number') return position;
  const bounds = await readBounds(db, topic);
  return position === 'earliest' ? bounds.startOffset : bounds.endOffset;
}

/**
 * The group's saved offset. Without one, `fromOffset` is resolved and saved
 * at once, so a restart before the first batch starts from the same place
 * (`'latest'` would otherwise move on and skip what came in between).
 */
export async function startPosition(db: SqlExecutor, group: string, topic: string, fromOffset: LogStartPosition): Promise<number> {
  const saved = await loadGroupOffset(db, group, topic);
  if (saved !== undefined) return saved;
  const start = await resolvePosition(db, topic, fromOffset);
  await saveGroupOffset(db, group, topic, start, 'subscribe');
  return start;
}

/** How a gap is reported to a subscription that has no `onGap`. */
export function gapError(group: string, gap: LogGap): TypewireError {
  return new TypewireError(
    'PERSISTENCE_LOG_GAP',
    `event log group "${group}" on "${gap.topic}": offsets ${gap.requestedOffset}..${gap.earliestOffset - 1} were deleted by retention before they were read; continuing from ${gap.earliestOffset}`,
    { details: { group, ...gap } },
  );
}

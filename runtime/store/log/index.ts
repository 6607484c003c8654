/**
 * Event logs: the names this folder offers (no `export *`, so the surface is
 * chosen here).
 */
export { createEventLog } from './event-log.js';
export type { EventLog, EventLogOptions, EventLogStats } from './event-log-api.js';
export { appendInTransaction } from './append-sql.js';
export { readLogPayload, type AppendOptions } from './log-codec.js';
export type {
  AppendBatchInfo,
  LogBounds,
  LogEntry,
  LogGap,
  LogHandler,
  LogReadOptions,
  LogReadResult,
  LogStartPosition,
  LogSubscribeOptions,
  LogSubscription,
  RetentionPolicy,
  RetentionResult,
} from './log-types.js';

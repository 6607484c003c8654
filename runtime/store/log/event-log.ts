/**
 * Event logs over a SqlDatabase (PostgreSQL or PGlite): an append-only log
 * per topic, read by offset, with consumer-group offsets, replay and
 * retention. See docs/queues.md, "Event logs", and event-log-api.ts for the
 * contract of each method.
 */
import { randomUUID } from 'node:crypto';
import type { Envelope } from '../../envelope.js';
import { TypewireError } from '../../errors/typewire-error.js';
import type { SqlDatabase } from '../sql-database.js';
import { GroupCommitAppender } from './group-commit.js';
import type { EventLog, EventLogOptions, EventLogStats } from './event-log-api.js';
import { groupLeaseLeft, releaseGroup, renewGroup, takeGroup } from './group-members-sql.js';
import { loadGroupOffset, saveGroupOffset, saveHeldGroupOffset } from './group-offsets-sql.js';
import { GroupSubscription } from './group-subscription.js';
import { MAX_READ_LIMIT, checkCount, checkGroup, checkOffset, checkRetentionPolicy, checkStartPosition, checkTopic } from './log-arguments.js';
import { encodeLogFrame, type AppendOptions } from './log-codec.js';
import type { LogBounds, LogHandler, LogReadOptions, LogReadResult, LogStartPosition, LogSubscribeOptions, LogSubscription, RetentionPolicy, RetentionResult } from './log-types.js';
import { LogWakeups } from './log-wakeups.js';
import { readBounds, readEntries } from './read-sql.js';
import { applyRetentionPolicy } from './retention-sql.js';
import { scheduleRetentionRuns, type RetentionSchedule } from './retention-schedule.js';
import { gapError, resolvePosition, startPosition, subscribeSettings } from './subscription-start.js';

/** An EventLog on a migrated database (open it with `openDatabase`). */
export function createEventLog(db: SqlDatabase, options: EventLogOptions = {}): EventLog {
  return new SqlEventLog(db, options);
}

const DEFAULT_READ_LIMIT = 100;
const reportToConsole = (error: TypewireError): void => console.error(`typewire event log: ${error.code}: ${error.message}`);

class SqlEventLog implements EventLog {
  private readonly appender: GroupCommitAppender;
  private readonly wakeups: LogWakeups;
  private readonly subscriptions = new Map<string, GroupSubscription | 'starting'>();
  private readonly schedules = new Set<RetentionSchedule>();
  private readonly counters = { batches: 0, appends: 0, entries: 0 };
  private readonly reportError: (error: TypewireError) => void;
  private closed = false;

  constructor(
    private readonly db: SqlDatabase,
    options: EventLogOptions,
  ) {
    this.reportError = options.onError ?? reportToConsole;
    this.wakeups = new LogWakeups(db, this.reportError);
    this.appender = new GroupCommitAppender(db, {
      onBatch: (info) => {
        this.counters.batches++;
        this.counters.appends += info.appends;
        this.counters.entries += info.entries;
        options.onBatch?.(info);
      },
      onCommitted: (topics) => this.wakeups.notify(topics),
    });
  }

  append<T>(topic: string, envelope: Envelope<T>, options?: AppendOptions<T>): Promise<number>;
  append<T>(topic: string, envelopes: ReadonlyArray<Envelope<T>>, options?: AppendOptions<T>): Promise<number[]>;
  async append<T>(topic: string, input: Envelope<T> | ReadonlyArray<Envelope<T>>, options: AppendOptions<T> = {}): Promise<number | number[]> {
    this.assertOpen();
    checkTopic(topic);
    const envelopes: ReadonlyArray<Envelope<T>> = Array.isArray(input) ? input : [input as Envelope<T>];
    const frames = envelopes.map((envelope) => encodeLogFrame(envelope, options.descriptor));
    if (frames.length === 0) return [];
    const first = await this.appender.append(topic, frames);
    return Array.isArray(input) ? frames.map((_, i) => first + i) : first;
  }

  async read(topic: string, options: LogReadOptions = {}): Promise<LogReadResult> {
    this.assertOpen();
    checkTopic(topic);
    if (options.fromOffset !== undefined) checkOffset('read', 'fromOffset', options.fromOffset);
    const limit = options.limit ?? DEFAULT_READ_LIMIT;
    checkCount('read', 'limit', limit, MAX_READ_LIMIT);
    return readEntries(this.db, topic, options.fromOffset, limit);
  }

  async bounds(topic: string): Promise<LogBounds> {
    this.assertOpen();
    checkTopic(topic);
    return readBounds(this.db, topic);
  }

  async commitOffset(group: string, topic: string, offset: number): Promise<void> {
    this.assertOpen();
    checkGroup('commitOffset', group);
    checkTopic(topic);
    checkOffset('commitOffset', 'offset', offset);
    await this.moveGroup('commitOffset', group, topic, offset);
  }

  async loadOffset(group: string, topic: string): Promise<number | undefined> {
    this.assertOpen();
    checkGroup('loadOffset', group);
    checkTopic(topic);
    return loadGroupOffset(this.db, group, topic);
  }

  async subscribe(group: string, topic: string, handler: LogHandler, options: LogSubscribeOptions = {}): Promise<LogSubscription> {
    this.assertOpen();
    checkGroup('subscribe', group);
    checkTopic(topic);
    if (typeof handler !== 'function') throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'event log subscribe: handler must be a function', { details: { operation: 'subscribe', argument: 'handler' } });
    const settings = subscribeSettings(options);
    const key = subscriptionKey(group, topic);
    if (this.subscriptions.has(key)) {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', `event log subscribe: group "${group}" already reads "${topic}" through this event log`, { details: { operation: 'subscribe', group, topic } });
    }
    this.subscriptions.set(key, 'starting');
    try {
      const start = await startPosition(this.db, group, topic, settings.fromOffset);
      const member = randomUUID();
      const onError = options.onError ?? this.reportError;
      const subscription = new GroupSubscription(
        { group, topic, handler, start, ...settings },
        {
          read: (t, from, limit) => readEntries(this.db, t, from, limit),
          save: (g, t, offset) => saveGroupOffset(this.db, g, t, offset),
          saveHeld: (offset) => saveHeldGroupOffset(this.db, group, topic, offset, member),
          load: () => loadGroupOffset(this.db, group, topic),
          take: () => takeGroup(this.db, group, topic, member, settings.leaseMs),
          renew: () => renewGroup(this.db, group, topic, member, settings.leaseMs),
          leaseLeft: () => groupLeaseLeft(this.db, group, topic),
          release: () => releaseGroup(this.db, group, topic, member),
          reportGap: options.onGap ?? ((gap) => onError(gapError(group, gap))),
          reportError: onError,
        },
      );
      const unwatch = await this.wakeups.watch(topic, () => subscription.wake());
      if (this.closed) {
        unwatch();
        throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'the event log was closed while the subscription was starting');
      }
      this.subscriptions.set(key, subscription);
      subscription.start();
      return {
        group,
        topic,
        get position() {
          return subscription.position;
        },
        get active() {
          return subscription.active;
        },
        close: async () => {
          unwatch();
          await subscription.close();
          if (this.subscriptions.get(key) === subscription) this.subscriptions.delete(key);
        },
      };
    } catch (error) {
      this.subscriptions.delete(key);
      throw error;
    }
  }

  async replay(group: string, topic: string, fromOffset: LogStartPosition): Promise<number> {
    this.assertOpen();
    checkGroup('replay', group);
    checkTopic(topic);
    checkStartPosition('replay', fromOffset);
    const offset = await resolvePosition(this.db, topic, fromOffset);
    await this.moveGroup('replay', group, topic, offset);
    return offset;
  }

  async applyRetention(topic: string, policy: RetentionPolicy): Promise<RetentionResult> {
    this.assertOpen();
    checkTopic(topic);
    checkRetentionPolicy(policy);
    return applyRetentionPolicy(this.db, topic, policy);
  }

  scheduleRetention(topics: string | ReadonlyArray<string>, policy: RetentionPolicy, options: { readonly intervalMs: number }): () => void {
    this.assertOpen();
    const list = typeof topics === 'string' ? [topics] : [...topics];
    list.forEach(checkTopic);
    checkRetentionPolicy(policy);
    checkCount('scheduleRetention', 'intervalMs', options?.intervalMs);
    const schedule = scheduleRetentionRuns({
      intervalMs: options.intervalMs,
      run: async () => {
        for (const topic of list) await applyRetentionPolicy(this.db, topic, policy);
      },
      onError: this.reportError,
    });
    this.schedules.add(schedule);
    return () => {
      schedule.stop();
      this.schedules.delete(schedule);
    };
  }

  stats(): EventLogStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const schedule of this.schedules) schedule.stop();
    this.schedules.clear();
    const running = [...this.subscriptions.values()].filter((s): s is GroupSubscription => s !== 'starting');
    this.subscriptions.clear();
    await Promise.all(running.map((subscription) => subscription.close()));
    await this.appender.idle();
    await this.wakeups.close();
  }

  /** Through the running subscription when there is one here, so its own saves cannot overwrite the move. */
  private async moveGroup(operation: string, group: string, topic: string, offset: number): Promise<void> {
    const running = this.subscriptions.get(subscriptionKey(group, topic));
    if (running instanceof GroupSubscription) await running.seek(offset);
    else await saveGroupOffset(this.db, group, topic, offset, operation);
  }

  private assertOpen(): void {
    if (this.closed) throw new TypewireError('PERSISTENCE_UNAVAILABLE', 'the event log was closed');
  }
}

function subscriptionKey(group: string, topic: string): string {
  return `${group}\u0000${topic}`;
}

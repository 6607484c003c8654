/**
 * A consumer-group reader: reads a batch from its position, hands entries to
 * the handler one by one, in offset order, and saves the position after each
 * batch. Delivery is at least once: after a crash the group resumes from the
 * last saved position, so up to one batch is delivered again.
 *
 * A handler that throws stops the batch at that entry; the position before
 * it is saved, and the entry is retried after `retryDelayMs`. Moves of the
 * position from outside (`EventLog.replay`) are applied by this loop, between
 * entries, so they cannot race with its own saves.
 *
 * A group reads a topic through one subscription at a time, across
 * processes: the one holding the group's lease (group-members-sql.ts). The
 * loop renews it between entries, every third of the lease, so a process
 * that hangs in a handler (not only one that died) loses the group once the
 * lease runs out, as a Kafka consumer that stops polling does. The others
 * stand by and try again when the holder's lease would run out (or at the
 * poll interval, if sooner); the one that gets it resumes from the group's
 * saved offset. A subscription whose lease moved on can no longer save (the
 * save is fenced) and goes back to standby.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { LogEntry, LogGap, LogHandler, LogReadResult, LogSubscription } from './log-types.js';

/** What a subscription needs from its event log. */
export interface SubscriptionPorts {
  read(topic: string, fromOffset: number, limit: number): Promise<LogReadResult>;
  /** Saves a position moved from outside (a seek), whoever holds the lease. */
  save(group: string, topic: string, offset: number): Promise<void>;
  /** Saves the position this subscription reached; false (nothing saved) once another member holds the lease. */
  saveHeld(offset: number): Promise<boolean>;
  /** The group's saved offset. */
  load(): Promise<number | undefined>;
  /** Takes the group's lease when nobody holds it or it ran out; false otherwise. */
  take(): Promise<boolean>;
  /** Extends this subscription's lease; false when it no longer holds a live one. */
  renew(): Promise<boolean>;
  /** Milliseconds until the holder's lease runs out. */
  leaseLeft(): Promise<number>;
  /** Gives the lease up. */
  release(): Promise<void>;
  reportGap(gap: LogGap): void;
  reportError(error: TypewireError): void;
}

export interface SubscriptionSettings {
  readonly group: string;
  readonly topic: string;
  readonly handler: LogHandler;
  readonly start: number;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly retryDelayMs: number;
  /** How long a held lease lasts without renewal; renewed every third of it, between entries. */
  readonly leaseMs: number;
}

interface Seek {
  readonly offset: number;
  resolve(): void;
  reject(error: unknown): void;
}

export class GroupSubscription implements LogSubscription {
  readonly group: string;
  readonly topic: string;
  private current: number;
  private saved: number;
  private closed = false;
  /** The loop has ended: seeks are saved directly. */
  private finished = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  private seeks: Seek[] = [];
  private loop: Promise<void> | undefined;
  private holding = false;
  /** When the held lease is renewed next (performance.now() ms). */
  private renewAt = 0;
  /**
   * Until when the lease surely still holds, by this process's clock: the
   * last successful take or renewal was asked for before this, minus a
   * margin. A renewal that fails keeps the reader going only until then.
   */
  private heldUntil = 0;

  constructor(
    private readonly settings: SubscriptionSettings,
    private readonly ports: SubscriptionPorts,
  ) {
    this.group = settings.group;
    this.topic = settings.topic;
    this.current = this.saved = settings.start;
  }

  get position(): number {
    return this.current;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New entries may be there: stop waiting for the poll. */
  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  /** Moves the position to `offset` and saves it; resolves once saved. */
  seek(offset: number): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.seeks.push({ offset, resolve, reject }));
    if (this.finished) void this.applySeeks();
    this.wake();
    return done;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    if (this.loop) await this.loop;
    else this.finished = true;
  }

  /** True while this subscription holds the group's lease (the one that reads). */
  get active(): boolean {
    return this.holding;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      await this.applySeeks();
      if (!(await this.holdLease())) {
        await this.sleep(await this.standbyWait(), false);
        continue;
      }
      let result: LogReadResult;
      try {
        result = await this.ports.read(this.topic, this.current, this.settings.batchSize);
      } catch (error) {
        this.ports.reportError(TypewireError.from(error));
        await this.sleep(this.settings.retryDelayMs, false);
        continue;
      }
      if (result.gap) {
        this.ports.reportGap(result.gap);
        this.current = result.gap.earliestOffset;
      }
      if (result.entries.length === 0) {
        await this.saveProgress();
        await this.sleep(this.settings.pollIntervalMs, true);
        continue;
      }
      const failed = await this.deliver(result.entries);
      await this.saveProgress();
      if (failed) await this.sleep(this.settings.retryDelayMs, false);
    }
    await this.saveProgress();
    await this.applySeeks();
    await this.giveUpLease();
    this.finished = true;
  }

  /**
   * Holds the lease: renews it when due, or takes it when free (then resumes
   * from the group's saved offset). False on standby.
   */
  private async holdLease(): Promise<boolean> {
    const asked = performance.now();
    if (this.holding && asked < this.renewAt) return true;
    try {
      if (this.holding) {
        // A lease that ran out or moved on is not renewed: taking it back goes through take(), which reloads the offset.
        if (!(await this.ports.renew())) this.holding = false;
      } else if (await this.ports.take()) {
        const saved = await this.ports.load();
        if (saved !== undefined) this.current = this.saved = saved;
        this.holding = true;
      }
    } catch (error) {
      this.ports.reportError(TypewireError.from(error));
      if (this.holding && performance.now() >= this.heldUntil) this.holding = false;
      return this.holding;
    }
    if (this.holding) {
      this.renewAt = asked + this.settings.leaseMs / 3;
      this.heldUntil = asked + this.settings.leaseMs * 0.9;
    }
    return this.holding;
  }

  /** On standby: until the holder's lease would run out, at most the poll interval. */
  private async standbyWait(): Promise<number> {
    try {
      return Math.min(this.settings.pollIntervalMs, Math.ceil(await this.ports.leaseLeft()) + 5);
    } catch {
      return this.settings.pollIntervalMs;
    }
  }

  private async giveUpLease(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    try {
      await this.ports.release();
    } catch (error) {
      // Not fatal: the lease runs out by itself.
      this.ports.reportError(TypewireError.from(error));
    }
  }

  /** Hands entries to the handler until one fails (returns true), a seek arrives or the subscription closes. */
  private async deliver(entries: ReadonlyArray<LogEntry>): Promise<boolean> {
    for (const entry of entries) {
      if (this.closed || this.seeks.length > 0) return false;
      if (performance.now() >= this.renewAt && !(await this.holdLease())) return false;
      try {
        await this.settings.handler(entry);
      } catch (error) {
        this.ports.reportError(
          new TypewireError('INTERNAL_HANDLER_FAILED', `event log group "${this.group}" on "${this.topic}": handler failed at offset ${entry.offset}; it will be retried: ${(error as Error)?.message ?? String(error)}`, {
            details: { group: this.group, topic: this.topic, offset: entry.offset },
            cause: error,
          }),
        );
        return true;
      }
      this.current = entry.offset + 1;
    }
    return false;
  }

  private async saveProgress(): Promise<void> {
    // A pending seek overrides the position; saving the old one first would be pointless.
    if (!this.holding || this.current === this.saved || this.seeks.length > 0) return;
    const offset = this.current;
    try {
      if (await this.ports.saveHeld(offset)) this.saved = offset;
      else this.holding = false;
    } catch (error) {
      // Not fatal: the next batch saves again; a crash meanwhile means redelivery, not loss.
      this.ports.reportError(TypewireError.from(error));
    }
  }

  private async applySeeks(): Promise<void> {
    while (this.seeks.length > 0) {
      const seek = this.seeks.shift()!;
      try {
        await this.ports.save(this.group, this.topic, seek.offset);
        this.current = this.saved = seek.offset;
        seek.resolve();
      } catch (error) {
        seek.reject(error);
      }
    }
  }

  /** Waits `ms`; a wake ends a `wakeable` wait early, and closing ends any wait. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.closed || this.seeks.length > 0 || (wakeable && this.woken)) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeSleeper = () => {
        if (wakeable || this.closed || this.seeks.length > 0) finish();
      };
    });
  }
}

/**
 * Wakes subscriptions when their topic gets new entries: from this process's
 * own commits directly, and from other processes through one LISTEN on the
 * log channel (appends NOTIFY with the topic as payload). A notification can
 * be missed (the listening connection dropped), which is why subscriptions
 * also poll slowly.
 */
import { toPersistenceError } from '../database-errors.js';
import type { TypewireError } from '../../errors/typewire-error.js';
import type { SqlDatabase } from '../sql-database.js';
import { LOG_CHANNEL } from './append-sql.js';

export class LogWakeups {
  private readonly watchers = new Map<string, Set<() => void>>();
  private listening: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(
    private readonly db: SqlDatabase,
    private readonly onError: (error: TypewireError) => void,
  ) {}

  /** Calls `wake` whenever `topic` may have new entries, until the returned function is called. */
  async watch(topic: string, wake: () => void): Promise<() => void> {
    let set = this.watchers.get(topic);
    if (!set) this.watchers.set(topic, (set = new Set()));
    set.add(wake);
    this.listening ??= this.startListening();
    await this.listening;
    return () => {
      set.delete(wake);
      if (set.size === 0) this.watchers.delete(topic);
    };
  }

  /** Wakes the watchers of each topic (called after this process commits appends). */
  notify(topics: Iterable<string>): void {
    for (const topic of topics) for (const wake of this.watchers.get(topic) ?? []) wake();
  }

  async close(): Promise<void> {
    this.watchers.clear();
    const unlisten = await this.listening;
    this.listening = undefined;
    await unlisten?.().catch(() => undefined);
  }

  private async startListening(): Promise<(() => Promise<void>) | undefined> {
    try {
      return await this.db.listen(LOG_CHANNEL, (topic) => {
        // An empty payload is the driver saying "you may have missed some": wake everyone.
        if (topic === '') this.notify([...this.watchers.keys()]);
        else this.notify([topic]);
      });
    } catch (error) {
      // Subscriptions still poll; report and carry on.
      this.onError(toPersistenceError(error, 'event log listen'));
      return undefined;
    }
  }
}

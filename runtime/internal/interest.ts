/**
 * The patterns this runtime wants to receive (its typed subscriptions, service
 * methods, reply inboxes). Links mirror it to their peers so that a peer sends
 * only what someone here listens to.
 */
export interface InterestEntry {
  readonly id: number;
  readonly pattern: string;
  readonly queue: string | undefined;
}

export interface InterestListener {
  added(entry: InterestEntry): void;
  removed(entry: InterestEntry): void;
}

export class Interest {
  private readonly entries = new Map<number, InterestEntry>();
  private readonly listeners = new Set<InterestListener>();
  private nextId = 1;

  add(pattern: string, queue?: string): InterestEntry {
    const entry: InterestEntry = { id: this.nextId++, pattern, queue };
    this.entries.set(entry.id, entry);
    for (const l of this.listeners) l.added(entry);
    return entry;
  }

  remove(entry: InterestEntry): void {
    if (!this.entries.delete(entry.id)) return;
    for (const l of this.listeners) l.removed(entry);
  }

  all(): IterableIterator<InterestEntry> {
    return this.entries.values();
  }

  listen(listener: InterestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

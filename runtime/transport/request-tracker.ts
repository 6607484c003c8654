/**
 * The requests a link received and has not answered yet, so that a draining
 * server knows when its work is done and can hand back what is left. Bounded:
 * a peer can send "requests" that nobody answers (an event subject with a
 * reply-to), and those must not accumulate for the life of the connection;
 * past the bound the oldest entry is forgotten.
 */
export class RequestTracker {
  private readonly pending = new Map<string, string>();

  constructor(private readonly maxTracked = 4096) {}

  get size(): number {
    return this.pending.size;
  }

  received(id: string, replyTo: string): void {
    if (this.pending.size >= this.maxTracked) {
      const oldest = this.pending.keys().next();
      if (!oldest.done) this.pending.delete(oldest.value);
    }
    this.pending.set(id, replyTo);
  }

  answered(id: string): void {
    this.pending.delete(id);
  }

  /** Removes and returns every pending request as [id, replyTo]. */
  drain(): Array<[string, string]> {
    const all = [...this.pending];
    this.pending.clear();
    return all;
  }
}

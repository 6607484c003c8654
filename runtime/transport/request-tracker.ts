/**
 * The requests a link received and has not answered yet, so that a draining
 * server knows when its work is done and can hand back what is left. Bounded:
 * a peer can send "requests" that nobody answers (an event subject with a
 * reply-to), and those must not accumulate for the life of the connection;
 * past the bound the oldest entry is forgotten.
 *
 * The newest request is held apart from the map: most requests are answered
 * before the next one arrives (always, with one outstanding, or with a
 * handler that answers synchronously), and those then cost no map insert and
 * delete, each of which hashes the request id.
 */
export class RequestTracker {
  /** Older requests, oldest first (a Map keeps insertion order). */
  private readonly earlier = new Map<string, string>();
  private newestId: string | undefined;
  private newestReplyTo = '';

  constructor(private readonly maxTracked = 4096) {}

  get size(): number {
    return this.earlier.size + (this.newestId === undefined ? 0 : 1);
  }

  received(id: string, replyTo: string): void {
    if (this.size >= this.maxTracked) this.forgetOldest();
    if (this.newestId !== undefined) {
      // As with a single map, a repeated id keeps one entry, in its first place, with the latest reply-to.
      if (this.newestId === id) {
        this.newestReplyTo = replyTo;
        return;
      }
      this.earlier.set(this.newestId, this.newestReplyTo);
    }
    if (this.earlier.has(id)) {
      this.earlier.set(id, replyTo);
      this.newestId = undefined;
      return;
    }
    this.newestId = id;
    this.newestReplyTo = replyTo;
  }

  answered(id: string): void {
    if (id === this.newestId) this.newestId = undefined;
    else this.earlier.delete(id);
  }

  /** Removes and returns every pending request as [id, replyTo], oldest first. */
  drain(): Array<[string, string]> {
    const all = [...this.earlier];
    if (this.newestId !== undefined) all.push([this.newestId, this.newestReplyTo]);
    this.earlier.clear();
    this.newestId = undefined;
    return all;
  }

  private forgetOldest(): void {
    const oldest = this.earlier.keys().next();
    if (!oldest.done) this.earlier.delete(oldest.value);
    else this.newestId = undefined;
  }
}

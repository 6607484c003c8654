/**
 * What the peer of a link subscribed to, as bus subscriptions that forward to
 * it. After a reconnect the old set is kept as "stale" until the peer's new
 * READY, so that publishes in between still route; queue-group members are
 * tracked so that an envelope from the peer is never routed back to it.
 */
import type { Bus } from '../bus/bus.js';
import type { EnvelopeHandler, Subscription } from '../bus/types.js';

export class PeerInterest {
  private current = new Map<number, Subscription>();
  private stale: Map<number, Subscription> | undefined;
  private readonly queueMembers = new Set<Subscription>();

  constructor(
    private readonly bus: Bus,
    private readonly forward: EnvelopeHandler,
  ) {}

  /** Subscribes for the peer's SUB `id`; false when that id is already known. Throws VALIDATION_BAD_TOPIC for a bad pattern. */
  add(id: number, pattern: string, queue: string | undefined): boolean {
    if (this.current.has(id)) return false;
    const sub = this.bus.subscribe(pattern, this.forward, queue === undefined ? {} : { queue });
    this.current.set(id, sub);
    if (queue !== undefined) this.queueMembers.add(sub);
    return true;
  }

  /** Withdraws SUB `id`; false when it was not known. */
  remove(id: number): boolean {
    const sub = this.current.get(id);
    if (!sub) return false;
    this.current.delete(id);
    this.drop(sub);
    return true;
  }

  /** The peer is about to announce everything again: keep the current set as stale meanwhile. */
  markStale(): void {
    const stale = this.stale ?? new Map<number, Subscription>();
    for (const [id, sub] of this.current) {
      const older = stale.get(id);
      if (older) this.drop(older);
      stale.set(id, sub);
    }
    this.stale = stale;
    this.current = new Map();
  }

  /** The peer's new announcement is complete (its READY). */
  dropStale(): void {
    for (const sub of this.stale?.values() ?? []) this.drop(sub);
    this.stale = undefined;
  }

  clear(): void {
    this.dropStale();
    for (const sub of this.current.values()) this.drop(sub);
    this.current.clear();
  }

  /**
   * Publishes an envelope that came from the peer with the peer's own
   * queue-group members disabled: the peer sent it because its bus picked
   * this link, and picking the peer again would lose it (a link never sends an
   * envelope back where it came from). Handlers that publish synchronously
   * inside this call see those members disabled too.
   */
  publishFromPeer(envelope: Parameters<Bus['publish']>[0]): number {
    if (this.queueMembers.size === 0) return this.bus.publish(envelope);
    for (const sub of this.queueMembers) sub.disable();
    try {
      return this.bus.publish(envelope);
    } finally {
      for (const sub of this.queueMembers) sub.enable();
    }
  }

  private drop(sub: Subscription): void {
    sub.unsubscribe();
    this.queueMembers.delete(sub);
  }
}

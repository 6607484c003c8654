/**
 * A route: one subscription as the bus stores it. Internal to the bus; callers
 * see it through the `Subscription` interface.
 */
import type { EnvelopeHandler, Subscription } from './types.js';

export class Route implements Subscription {
  /**
   * Enabled and not unsubscribed: the single flag the dispatch loop reads, so that
   * disabling or unsubscribing takes effect at once, even in the middle of a dispatch.
   */
  deliverable = true;
  /** Bus-wide sequence number of this route's last queue-group delivery; 0 = never. */
  lastServed = 0;
  private removed = false;

  constructor(
    readonly id: number,
    readonly pattern: string,
    readonly priority: number,
    readonly queue: string | undefined,
    readonly handler: EnvelopeHandler,
    private readonly onUnsubscribe: (route: Route) => void,
  ) {}

  get enabled(): boolean {
    return this.deliverable;
  }

  /** No effect once unsubscribed: a removed route never comes back. */
  enable(): void {
    if (!this.removed) this.deliverable = true;
  }

  disable(): void {
    this.deliverable = false;
  }

  /** Idempotent. */
  unsubscribe(): void {
    if (this.removed) return;
    this.removed = true;
    this.deliverable = false;
    this.onUnsubscribe(this);
  }
}

/** Dispatch order: higher priority first, then subscription order. */
export function compareRoutes(a: Route, b: Route): number {
  return b.priority - a.priority || a.id - b.id;
}

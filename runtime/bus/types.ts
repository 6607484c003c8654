import type { Envelope } from '../envelope.js';

/**
 * Called for every matching envelope. May return a promise; the bus counts a
 * rejection (or a throw) as `failed` and never lets it escape to the publisher.
 */
export type EnvelopeHandler = (envelope: Envelope) => void | Promise<void>;

export interface SubscribeOptions {
  /** Higher runs first; equal priorities run in subscription order. Default 0. */
  readonly priority?: number;
  /**
   * Queue group: among subscriptions with the same group name and matching
   * pattern, each envelope goes to exactly one (round-robin). Used for service
   * methods so that two instances of a service split the work.
   */
  readonly queue?: string;
}

/** A route (subscription) on the bus. */
export interface Subscription {
  readonly id: number;
  readonly pattern: string;
  readonly priority: number;
  readonly queue: string | undefined;
  readonly enabled: boolean;
  /** A disabled route stays registered but receives nothing. */
  enable(): void;
  disable(): void;
  unsubscribe(): void;
}

export interface BusStats {
  published: number;
  /** Handler invocations that completed. */
  processed: number;
  /** Handler invocations that threw or rejected. */
  failed: number;
  /** Envelopes published that matched no enabled route (or were expired). */
  dropped: number;
  sentRemote: number;
  receivedRemote: number;
}

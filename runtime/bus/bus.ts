/**
 * The in-process bus: topic pub/sub with `*` and `#` wildcards, prioritized routes
 * that can be enabled and disabled, queue groups, and statistics.
 *
 * Dispatch is synchronous and in priority order. The bus never lets a handler's
 * failure reach the publisher or stop the other handlers: it counts it and hands
 * it to `onHandlerError`. Transports and RPC build on this; it imports neither.
 */
import type { Envelope } from '../envelope.js';
import { TypewireError } from '../errors/typewire-error.js';
import { buildPlan, pickRoute, planHasDeliverableRoute, type DispatchPlan } from './dispatch-plan.js';
import { TopicMatcher } from './matcher.js';
import { Route } from './route.js';
import { assertPattern } from './topic.js';
import type { BusStats, EnvelopeHandler, SubscribeOptions, Subscription } from './types.js';

/** Receives every handler failure (a throw or a rejected promise). Must not throw; if it does, that is ignored. */
export type HandlerErrorReporter = (error: unknown, envelope: Envelope, subscription: Subscription) => void;

export interface BusOptions {
  /** Where handler failures go; the runtime passes its logger. Default: `console.error`, so none is silent. */
  readonly onHandlerError?: HandlerErrorReporter;
  /** Distinct topics whose dispatch plan is cached. Default 4096. */
  readonly matchCacheLimit?: number;
}

export type RemoteDirection = 'sent' | 'received';

const reportToConsole: HandlerErrorReporter = (error, envelope, subscription) => {
  console.error(`typewire bus: handler for "${subscription.pattern}" failed on "${envelope.type}"`, error);
};

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function closedError(operation: string): TypewireError {
  return new TypewireError('TRANSPORT_CLOSED', `cannot ${operation}: the bus is closed`);
}

function badArgument(message: string, details: unknown): TypewireError {
  return new TypewireError('VALIDATION_BAD_ARGUMENT', message, { details });
}

export class Bus {
  private readonly matcher: TopicMatcher<Route, DispatchPlan>;
  /** Live routes in subscription order (a Set keeps insertion order). */
  private readonly routes = new Set<Route>();
  private readonly onHandlerError: HandlerErrorReporter;
  private nextRouteId = 1;
  /** Incremented per delivery; routes remember it so queue groups can pick the least recently served. */
  private serveSequence = 0;
  private isClosed = false;

  // Plain fields rather than a stats object: the publish path only does `++`.
  private published = 0;
  private processed = 0;
  private failed = 0;
  private dropped = 0;
  private sentRemote = 0;
  private receivedRemote = 0;

  /** Shared by every async handler, so a resolved promise costs no closure. */
  private readonly countProcessed = (): void => {
    this.processed++;
  };

  private readonly removeRoute = (route: Route): void => {
    this.routes.delete(route);
    this.matcher.remove(route.pattern, route);
  };

  constructor(options: BusOptions = {}) {
    this.onHandlerError = options.onHandlerError ?? reportToConsole;
    this.matcher = new TopicMatcher<Route, DispatchPlan>(buildPlan, { cacheLimit: options.matchCacheLimit });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Routes envelopes whose type matches `pattern` to `handler`. Throws
   * `VALIDATION_BAD_TOPIC` for a bad pattern, `VALIDATION_BAD_ARGUMENT` for a bad
   * handler or option, `TRANSPORT_CLOSED` after {@link close}.
   */
  subscribe(pattern: string, handler: EnvelopeHandler, options: SubscribeOptions = {}): Subscription {
    if (this.isClosed) throw closedError('subscribe');
    assertPattern(pattern);
    if (typeof handler !== 'function') throw badArgument('subscribe: handler must be a function', { pattern });
    const priority = options.priority ?? 0;
    if (typeof priority !== 'number' || !Number.isFinite(priority)) {
      throw badArgument('subscribe: priority must be a finite number', { pattern, priority });
    }
    const queue = options.queue;
    if (queue !== undefined && (typeof queue !== 'string' || queue.length === 0)) {
      throw badArgument('subscribe: queue must be a non-empty string', { pattern, queue });
    }
    const route = new Route(this.nextRouteId++, pattern, priority, queue, handler, this.removeRoute);
    this.routes.add(route);
    this.matcher.add(pattern, route);
    return route;
  }

  /**
   * Delivers `envelope` synchronously to every enabled matching route, in priority
   * order (one member per queue group), and returns how many handlers received it.
   * An expired envelope, or one nobody receives, counts as dropped. Throws
   * `VALIDATION_BAD_TOPIC` when `envelope.type` is not a concrete topic, and
   * `TRANSPORT_CLOSED` after {@link close}.
   */
  publish(envelope: Envelope): number {
    if (this.isClosed) throw closedError('publish');
    const plan = this.matcher.match(envelope.type);
    this.published++;
    if (envelope.expiresAt !== undefined && envelope.expiresAt < Date.now()) {
      this.dropped++;
      return 0;
    }
    // The plan's arrays are never mutated (subscription changes build new plans), so
    // handlers may subscribe, unsubscribe or publish while we iterate.
    const slots = plan.slots;
    let delivered = 0;
    for (let i = 0; i < slots.length; i++) {
      const route = pickRoute(slots[i]!);
      if (route === undefined) continue;
      route.lastServed = ++this.serveSequence;
      delivered++;
      this.invoke(route, envelope);
    }
    if (delivered === 0) this.dropped++;
    return delivered;
  }

  /** Whether an envelope on `topic` would reach at least one enabled route. Throws `VALIDATION_BAD_TOPIC`. */
  hasSubscribers(topic: string): boolean {
    if (this.isClosed) return false;
    return planHasDeliverableRoute(this.matcher.match(topic));
  }

  /** A snapshot of the counters. */
  stats(): BusStats {
    return {
      published: this.published,
      processed: this.processed,
      failed: this.failed,
      dropped: this.dropped,
      sentRemote: this.sentRemote,
      receivedRemote: this.receivedRemote,
    };
  }

  /** Called by transport links to count envelopes that crossed to or from a remote peer. */
  countRemote(direction: RemoteDirection, n = 1): void {
    if (!Number.isInteger(n) || n < 0) throw badArgument('countRemote: n must be a non-negative integer', { direction, n });
    if (direction === 'sent') this.sentRemote += n;
    else if (direction === 'received') this.receivedRemote += n;
    else throw badArgument('countRemote: direction must be "sent" or "received"', { direction });
  }

  /** Live subscriptions (enabled or not) in subscription order. */
  subscriptions(): ReadonlyArray<Subscription> {
    return Array.from(this.routes);
  }

  /** Unsubscribes every route; later `publish` and `subscribe` throw `TRANSPORT_CLOSED`. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const route of Array.from(this.routes)) route.unsubscribe();
    this.matcher.clearCache();
  }

  private invoke(route: Route, envelope: Envelope): void {
    try {
      const result: unknown = route.handler(envelope);
      if (isPromiseLike(result)) {
        result.then(this.countProcessed, (error: unknown) => this.handlerFailed(error, envelope, route));
        return;
      }
    } catch (error) {
      this.handlerFailed(error, envelope, route);
      return;
    }
    this.processed++;
  }

  private handlerFailed(error: unknown, envelope: Envelope, route: Route): void {
    this.failed++;
    try {
      this.onHandlerError(error, envelope, route);
    } catch {
      // A failing reporter must not turn into a publisher error or an unhandled rejection.
    }
  }
}

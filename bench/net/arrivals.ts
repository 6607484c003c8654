/**
 * Counts what arrived (messages at a sink, replies, deliveries) and wakes the
 * sender when a count is reached. A benchmark waits on this instead of
 * polling, so the waiting costs nothing; and a wait that sees no progress for
 * `stallMs` fails with a coded error, so a lost message ends the run with a
 * reason instead of hanging it.
 */
import { typewireError } from '../../runtime/errors/typewire-error.js';

/** Long enough for a busy 2-core machine; a healthy run makes progress every few milliseconds. */
export const DEFAULT_STALL_MS = 10_000;

export class Arrivals {
  /** How many have arrived since this counter was made. */
  count = 0;
  private target = Number.POSITIVE_INFINITY;
  private wake: (() => void) | undefined;
  private fail: ((error: Error) => void) | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** Names the counter in the stall error. */
    private readonly what: string,
    private readonly stallMs = DEFAULT_STALL_MS,
  ) {}

  /** Notes `k` arrivals; wakes the waiter once its target is reached. */
  add(k = 1): void {
    this.count += k;
    if (this.count >= this.target) this.settle();
  }

  /**
   * Resolves once `count` is at least `target` (at once when it already is).
   * One waiter at a time: a benchmark has one sender. Rejects with
   * TIMEOUT_REQUEST when the count does not move for `stallMs`.
   */
  reach(target: number): Promise<void> {
    if (this.count >= target) return Promise.resolve();
    if (this.wake) return Promise.reject(typewireError('INTERNAL_UNEXPECTED', `${this.what}: two waiters on one counter`));
    return new Promise<void>((resolve, reject) => {
      this.target = target;
      this.wake = resolve;
      this.fail = reject;
      let seen = this.count;
      this.watchdog = setInterval(() => {
        if (this.count !== seen) {
          seen = this.count;
          return;
        }
        const error = typewireError('TIMEOUT_REQUEST', `${this.what}: stalled at ${this.count} of ${target} for ${this.stallMs} ms (a message was lost?)`, {
          details: { count: this.count, target },
        });
        this.settle(error);
      }, this.stallMs);
      this.watchdog.unref?.();
    });
  }

  private settle(error?: Error): void {
    clearInterval(this.watchdog);
    const wake = this.wake;
    const fail = this.fail;
    this.target = Number.POSITIVE_INFINITY;
    this.wake = undefined;
    this.fail = undefined;
    this.watchdog = undefined;
    if (error) fail?.(error);
    else wake?.();
  }
}

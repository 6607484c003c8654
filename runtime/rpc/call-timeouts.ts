/**
 * The timeouts of a requester's pending calls, on one timer. A setTimeout per
 * call cost a Timeout object, a timer-list insert and removal and, with one
 * call outstanding, a new list and libuv timer every time: a few percent of
 * a loopback round trip. Here a call costs a number (its deadline); the one
 * timer is armed for the earliest deadline and, when it fires, expires every
 * call that is due and re-arms for the next. Calls rarely time out, so the
 * sweep (a pass over the pending calls) runs about once per timeout period.
 */

/** What the sweep needs of a pending call. */
export interface Expiring {
  /** performance.now() value after which the call has timed out. */
  readonly deadline: number;
}

/** Node's limit for setTimeout; a longer (or non-positive, or NaN) delay is taken as 1 ms, as setTimeout does. */
const TIMEOUT_MAX = 2 ** 31 - 1;
/**
 * Timers see time in whole milliseconds (libuv's loop time), so a timer may
 * fire up to a millisecond before performance.now() says the deadline passed;
 * calls that close to their deadline expire now, as their own setTimeout would have.
 */
const SLACK_MS = 1;

type Timer = ReturnType<typeof setTimeout> & { ref?(): unknown; unref?(): unknown };

/** The delay setTimeout would actually use for `ms`. */
export function effectiveTimeout(ms: number): number {
  return ms >= 1 && ms <= TIMEOUT_MAX ? ms : 1;
}

export class CallTimeouts<T extends Expiring> {
  private timer: Timer | undefined;
  private armedFor = Infinity;
  /** Whether the timer keeps the process alive (only while calls are pending, as their own timers would). */
  private refed = false;

  /** `pending` is read at each sweep; `expire` must remove the call from it. */
  constructor(
    private readonly pending: ReadonlyMap<unknown, T>,
    private readonly expire: (call: T) => void,
  ) {}

  /** The deadline of a call that timed out after `timeoutMs` from now. */
  static deadline(timeoutMs: number): number {
    return performance.now() + effectiveTimeout(timeoutMs);
  }

  /** A call with this deadline was added to `pending`. */
  added(deadline: number): void {
    if (this.timer === undefined || deadline < this.armedFor) this.arm(deadline);
    else if (!this.refed) {
      this.timer.ref?.();
      this.refed = true;
    }
  }

  /** `pending` became empty: the timer stays armed but no longer keeps the process alive. */
  idle(): void {
    if (this.timer === undefined || !this.refed) return;
    this.timer.unref?.();
    this.refed = false;
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private arm(deadline: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = deadline;
    this.timer = setTimeout(this.sweep, Math.max(1, Math.ceil(deadline - performance.now()))) as Timer;
    this.refed = true;
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    const due = performance.now() + SLACK_MS;
    let next = Infinity;
    // Deleting the entry being visited is safe while iterating a Map.
    for (const call of this.pending.values()) {
      if (call.deadline <= due) this.expire(call);
      else if (call.deadline < next) next = call.deadline;
    }
    if (next !== Infinity) this.arm(next);
  };
}

/**
 * The two traffic shapes of the network benchmarks, written once so that
 * typewire and its raw baseline are driven by the same code:
 *
 * - `sendWindowed`: one-way messages, sent in chunks (one chunk per
 *   event-loop turn, so a transport can coalesce it), with at most `window`
 *   of them not yet received: the sender never outruns the receiver by more
 *   than that, so nothing queues without bound and the rate measured is the
 *   rate at which messages actually arrive.
 * - `pipeline`: request/reply with `depth` requests in flight; each reply
 *   issues the next request.
 */
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { DEFAULT_STALL_MS, type Arrivals } from './arrivals.js';

export interface WindowOptions {
  /** Most messages sent but not yet received. */
  readonly window: number;
  /** Messages sent back to back before the sender looks at the receiver again. */
  readonly chunk: number;
  /** Arrivals one message produces (a publish fanned out to 100 subscribers arrives 100 times). Default 1. */
  readonly arrivalsPerMessage?: number;
}

/**
 * Sends `total` messages with `send(k)` (which sends k messages at once) and
 * resolves when `arrivals` has counted all of them.
 */
export async function sendWindowed(total: number, options: WindowOptions, send: (k: number) => void, arrivals: Arrivals): Promise<void> {
  const { window, chunk } = options;
  const per = options.arrivalsPerMessage ?? 1;
  if (!(Number.isInteger(chunk) && chunk >= 1 && Number.isInteger(window) && window >= chunk)) {
    throw typewireError('VALIDATION_BAD_ARGUMENT', `window (${window}) must be an integer at least chunk (${chunk}), and chunk at least 1`);
  }
  const start = arrivals.count;
  let sent = 0;
  while (sent < total) {
    // Before the next chunk goes, at most window − chunk may be outstanding.
    await arrivals.reach(start + (sent - (window - chunk)) * per);
    const k = Math.min(chunk, total - sent);
    send(k);
    sent += k;
    // One chunk per event-loop turn: a transport that writes once per turn
    // (typewire) and one that writes once per job (the raw baseline) then
    // both write once per chunk.
    if (sent < total) await nextTurn();
  }
  await arrivals.reach(start + total * per);
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Called by a request's issuer when its reply (or failure) arrives. */
export type Done = (error?: unknown) => void;

/**
 * Completes `total` requests with at most `depth` in flight. `issue(done)`
 * starts one request and calls `done` when it is answered. When `latencies`
 * is given, each request's time from issue to answer is appended (µs).
 * Rejects with the first failure, or with TIMEOUT_REQUEST when no request
 * completes for `stallMs`.
 */
export function pipeline(total: number, depth: number, issue: (done: Done) => void, latencies?: number[], stallMs = DEFAULT_STALL_MS): Promise<void> {
  if (!(Number.isInteger(depth) && depth >= 1)) throw typewireError('VALIDATION_BAD_ARGUMENT', `depth must be a positive integer, got ${depth}`);
  if (total <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let issued = 0;
    let finished = 0;
    let settled = false;
    let seen = 0;
    const watchdog = setInterval(() => {
      if (finished !== seen) {
        seen = finished;
        return;
      }
      stop(typewireError('TIMEOUT_REQUEST', `pipeline stalled at ${finished} of ${total} replies for ${stallMs} ms`, { details: { finished, total } }));
    }, stallMs);
    watchdog.unref?.();
    const stop = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      if (error === undefined) resolve();
      else reject(error);
    };
    // A request answered synchronously would otherwise start the next one
    // from inside its own issue(), nesting deeper with every request: each
    // completion only owes a start, and one loop at a time pays them.
    let owed = 0;
    let pumping = false;
    const pump = (): void => {
      if (pumping) return;
      pumping = true;
      while (owed > 0 && !settled && issued < total) {
        owed--;
        start();
      }
      pumping = false;
    };
    const start = (): void => {
      issued++;
      if (latencies === undefined) {
        issue(onDone);
        return;
      }
      const began = performance.now();
      issue((error) => {
        latencies.push((performance.now() - began) * 1000);
        onDone(error);
      });
    };
    const onDone: Done = (error) => {
      if (settled) return;
      if (error !== undefined) return stop(error);
      finished++;
      if (finished === total) return stop();
      owed++;
      pump();
    };
    owed = Math.min(depth, total);
    pump();
  });
}

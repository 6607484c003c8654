/**
 * Reconnect delays: exponential from `initialMs`, capped at `maxMs`, with
 * jitter so that a thousand clients cut off together do not come back
 * together.
 */
import { TypewireError } from '../errors/typewire-error.js';

export interface ReconnectOptions {
  /** Delay before the first retry. Default 100 ms. */
  readonly initialMs?: number;
  /** Largest delay. Default 10 s. */
  readonly maxMs?: number;
  /** Fraction of each delay that is random, 0..1: the delay lies in [d·(1−jitter), d]. Default 0.5. */
  readonly jitter?: number;
  /** Give up (state `closed`) after this many failed attempts in a row. Default: never. */
  readonly maxAttempts?: number;
  /** Source of randomness, for tests. Default Math.random. */
  readonly random?: () => number;
}

export type Backoff = (attempt: number) => number;

export function createBackoff(options: ReconnectOptions = {}): Backoff {
  const initialMs = options.initialMs ?? 100;
  const maxMs = options.maxMs ?? 10_000;
  const jitter = options.jitter ?? 0.5;
  const random = options.random ?? Math.random;
  if (!(initialMs > 0) || !(maxMs >= initialMs) || !(jitter >= 0 && jitter <= 1)) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'reconnect needs 0 < initialMs <= maxMs and 0 <= jitter <= 1', {
      details: { initialMs, maxMs, jitter },
    });
  }
  /** `attempt` counts from 0 (the first retry). */
  return (attempt) => {
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 52));
    return Math.round(base * (1 - jitter * random()));
  };
}

/**
 * The wait before a failed message's next attempt: `retryDelayMs` doubled
 * per attempt already made, plus up to 20% jitter so that messages failing
 * together (a downstream outage) do not all come back in the same instant.
 * The same curve as the in-memory queue, capped at `maxMs`.
 */
export function retryDelay(retryDelayMs: number, attempt: number, maxMs: number, random: () => number = Math.random): number {
  const base = retryDelayMs * 2 ** Math.min(Math.max(0, attempt - 1), 52);
  const jittered = base + random() * 0.2 * base;
  return Math.min(maxMs, jittered);
}

/**
 * Per-second rates from counters read at moments of the caller's choosing
 * (each status request). A rate compares the newest reading with the last
 * one at least `minIntervalMs` older, so two requests a few ms apart do not
 * turn one message into a huge rate.
 */

export type Counters = Readonly<Record<string, number>>;

export interface RateSampler {
  /** Rates per second of every counter in `values` (0 for a counter seen for the first time). */
  sample(values: Counters, now?: number): Record<string, number>;
}

export function createRateSampler(minIntervalMs = 500): RateSampler {
  let previous: { at: number; values: Counters } | undefined;
  let rates: Record<string, number> = {};
  return {
    sample(values, now = Date.now()) {
      if (previous === undefined) {
        previous = { at: now, values };
        rates = Object.fromEntries(Object.keys(values).map((key) => [key, 0]));
        return rates;
      }
      const elapsed = now - previous.at;
      if (elapsed < minIntervalMs) return { ...Object.fromEntries(Object.keys(values).map((key) => [key, 0])), ...rates };
      const before = previous.values;
      // A counter that went down was reset (a restart behind --admin): count from zero again.
      rates = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Math.max(0, value - (before[key] ?? value)) / (elapsed / 1000)]));
      previous = { at: now, values };
      return rates;
    },
  };
}

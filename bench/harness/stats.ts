/**
 * The statistics every benchmark reports. Kept free of timing code so a unit
 * test can check them on fixed numbers.
 */

/** The median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: ReadonlyArray<number>): number {
  return percentile(values, 50);
}

/**
 * The p-th percentile (0..100) by linear interpolation between the closest
 * ranks (numpy's default): with sorted values v[0..n-1] the rank is
 * p/100 * (n-1), and a fractional rank blends its two neighbours.
 */
export function percentile(values: ReadonlyArray<number>, p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

/**
 * Per-round ratios of a contender to its baseline, matched by round: only
 * numbers measured in the same round are divided, because this machine's speed
 * swings between seconds and a cross-round ratio would measure that swing.
 */
export function roundRatios(contender: ReadonlyArray<number>, baseline: ReadonlyArray<number>): number[] {
  if (contender.length !== baseline.length) {
    throw new RangeError(`round counts differ: ${contender.length} vs ${baseline.length}`);
  }
  return contender.map((value, round) => value / baseline[round]!);
}

/** The ratio a benchmark reports: the median of its per-round ratios. */
export function medianRatio(contender: ReadonlyArray<number>, baseline: ReadonlyArray<number>): number {
  return median(roundRatios(contender, baseline));
}

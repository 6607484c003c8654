/**
 * Keeps a label's cardinality bounded. Subjects come from the outside world
 * (a client can publish to any topic, every inbox is unique), and each
 * distinct label value is a time series that Prometheus stores forever. The
 * first `maxValues` distinct values are kept as they are; later ones fold
 * into `other`, so a flood of unknown topics costs one series, not millions.
 */
import { TypewireError } from '../../errors/typewire-error.js';

export const OTHER_LABEL = 'other';

export class LabelLimiter {
  private readonly known = new Set<string>();

  constructor(
    /** Distinct values kept before folding. Default 100. */
    readonly maxValues = 100,
    readonly other = OTHER_LABEL,
  ) {
    if (!Number.isInteger(maxValues) || maxValues < 0) {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'LabelLimiter: maxValues must be a non-negative integer', { details: { maxValues } });
    }
  }

  /** `value` if it is already known or there is room for it; otherwise the fold value. */
  value(value: string): string {
    if (this.known.has(value)) return value;
    if (this.known.size >= this.maxValues) return this.other;
    this.known.add(value);
    return value;
  }

  /** Whether `value` has its own series (it was admitted before the limit was reached). */
  has(value: string): boolean {
    return this.known.has(value);
  }

  /** Distinct values admitted so far. */
  get size(): number {
    return this.known.size;
  }
}

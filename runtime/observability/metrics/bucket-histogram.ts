/**
 * A Prometheus histogram whose observations are plain array increments.
 * prom-client's own Histogram validates and hashes the labels on every
 * `observe` (about 250 ns); the runtime observes once per handled message,
 * so here each series is a small counts array owned by the caller, and this
 * class only turns the counts into prom-client's exposition at scrape time.
 *
 * It implements the part of prom-client's metric contract the Registry uses
 * (`name`, `type`, `get()`, `reset()`); the exposition is checked with
 * promtool in the tests, so a change in that contract would be caught there.
 */
import type { Metric, Registry } from 'prom-client';

/** One series' observations: `counts[i]` holds values in (bounds[i-1], bounds[i]]; larger ones only raise `count`. */
export class BucketCounts {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: ReadonlyArray<number>) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    if (i < bounds.length) this.counts[i]!++;
    this.sum += value;
    this.count++;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

interface ExposedValue {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  readonly metricName: string;
}

export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly counts: BucketCounts;
}

export class BucketHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: ReadonlyArray<number>,
    /** The series to expose, read at scrape time. */
    private readonly series: () => Iterable<HistogramSeries>,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  get(): { name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: ExposedValue[] } {
    const values: ExposedValue[] = [];
    for (const { labels, counts } of this.series()) {
      if (counts.count === 0) continue;
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += counts.counts[i]!;
        values.push({ labels: { le: this.bounds[i]!, ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: { le: '+Inf', ...labels }, value: counts.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: counts.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: counts.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Registry.resetMetrics() calls this. */
  reset(): void {
    for (const { counts } of this.series()) counts.reset();
  }
}

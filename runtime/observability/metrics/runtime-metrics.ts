/**
 * The metrics the runtime records, on a private prom-client Registry (never
 * the global one, so two runtimes in a process, or an application's own
 * metrics, do not collide).
 *
 * Hot path: each method is a Map lookup and a field increment on the
 * subject's series. prom-client reads the fields when Prometheus scrapes
 * (its `collect` hook), so no label hashing happens per message. Subjects,
 * queues and error codes pass through a LabelLimiter, so cardinality stays
 * bounded whatever arrives from the network.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import { TypewireError } from '../../errors/typewire-error.js';
import { LabelLimiter } from './label-limiter.js';
import { QueueSeries, registerRuntimeMetrics, SubjectSeries } from './metric-series.js';

export interface RuntimeMetricsOptions {
  /** Register here instead of a new private registry. */
  readonly registry?: Registry;
  /** Prefix of every metric name. Default `typewire_`. */
  readonly prefix?: string;
  /** Distinct values per label (subject, queue, code) before the rest fold into `other`. Default 100. */
  readonly maxLabelValues?: number;
  /** Latency histogram buckets, in seconds, ascending. */
  readonly latencyBuckets?: ReadonlyArray<number>;
  /** Also collect Node's process metrics (CPU, memory, event-loop lag, GC). Default false. */
  readonly processMetrics?: boolean;
  /** Labels added to every series (for example `{ source: 'orders-1' }`). */
  readonly defaultLabels?: Readonly<Record<string, string>>;
}

/** Queue name → depth, or depth and in-flight count. */
export type QueueStates = Readonly<Record<string, number | { readonly depth: number; readonly inFlight?: number }>>;

/**
 * Read at scrape time. May be async (a durable store asks its database); a
 * source that throws or rejects fails that scrape, so the failure is seen
 * (`/metrics` answers 500) rather than hidden behind stale numbers.
 */
export type QueueSource = () => QueueStates | Promise<QueueStates>;

export const DEFAULT_LATENCY_BUCKETS: ReadonlyArray<number> = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every reply inbox is unique; they share one label value rather than crowding out real subjects. */
const INBOX_PREFIX = '_INBOX.';
const INBOX_LABEL = '_INBOX';

export class RuntimeMetrics {
  readonly registry: Registry;
  private readonly subjectLabels: LabelLimiter;
  private readonly queueLabels: LabelLimiter;
  private readonly codeLabels: LabelLimiter;
  private readonly buckets: ReadonlyArray<number>;
  /** By subject and by label value (a folded subject resolves to the `other` series each time). */
  private readonly bySubject = new Map<string, SubjectSeries>();
  private readonly subjectSeries: SubjectSeries[] = [];
  private readonly byQueue = new Map<string, QueueSeries>();
  private readonly queueSeriesList: QueueSeries[] = [];
  private queueSource: QueueSource | undefined;
  /** The refresh in progress: the depth and in-flight gauges are collected together, and share one read of the source. */
  private pendingRefresh: Promise<void> | undefined;
  private openConnections = 0;
  private openedConnections = 0;

  constructor(options: RuntimeMetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    if (options.defaultLabels) this.registry.setDefaultLabels({ ...options.defaultLabels });
    const p = options.prefix ?? 'typewire_';
    const max = options.maxLabelValues ?? 100;
    this.subjectLabels = new LabelLimiter(max);
    this.queueLabels = new LabelLimiter(max);
    this.codeLabels = new LabelLimiter(max);
    this.buckets = [...(options.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS)];
    if (this.buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= this.buckets[i - 1]!))) {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'RuntimeMetrics: latencyBuckets must be finite and strictly ascending', { details: { latencyBuckets: this.buckets } });
    }
    registerRuntimeMetrics(this.registry, p, this.buckets, {
      subjects: this.subjectSeries,
      queues: this.queueSeriesList,
      refreshQueues: () => this.refreshQueues(),
      openConnections: () => this.openConnections,
      openedConnections: () => this.openedConnections,
    });

    if (options.processMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: p });
      // prom-client names three gauges `*_total`, which Prometheus reserves for counters
      // (promtool rejects them). Summing the per-type `nodejs_active_*` gauges gives the same.
      for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
        this.registry.removeSingleMetric(p + name);
      }
    }
  }

  /** A message arrived on `subject` (`bytes`: its encoded size, 0 if it never was encoded). */
  messageIn(subject: string, bytes = 0): void {
    const s = this.bySubject.get(subject) ?? this.series(subject);
    s.received++;
    s.receivedBytes += bytes;
  }

  messageOut(subject: string, bytes = 0): void {
    const s = this.bySubject.get(subject) ?? this.series(subject);
    s.sent++;
    s.sentBytes += bytes;
  }

  /** A published message reached nobody (or had expired). */
  messageDropped(subject: string): void {
    (this.bySubject.get(subject) ?? this.series(subject)).dropped++;
  }

  /** A handler started; pair with handlerDone. */
  handlerStart(subject: string): void {
    (this.bySubject.get(subject) ?? this.series(subject)).inFlight++;
  }

  /** A handler finished after `seconds`; `errorCode` when it failed. */
  handlerDone(subject: string, seconds: number, errorCode?: string): void {
    const s = this.bySubject.get(subject) ?? this.series(subject);
    s.inFlight--;
    s.handler.observe(seconds);
    if (errorCode !== undefined) this.countError(s, errorCode);
  }

  /** A call (request/reply) completed on the caller's side after `seconds`; `errorCode` when it failed. */
  requestDone(subject: string, seconds: number, errorCode?: string): void {
    const s = this.bySubject.get(subject) ?? this.series(subject);
    s.request.observe(seconds);
    if (errorCode !== undefined) this.countError(s, errorCode);
  }

  /** A failure not tied to a handler run (a frame that would not decode, an inbound message that failed validation). */
  error(subject: string, code: string): void {
    this.countError(this.bySubject.get(subject) ?? this.series(subject), code);
  }

  queueDepth(queue: string, depth: number): void {
    this.queue(queue).depth = depth;
  }

  queueInFlight(queue: string, n: number): void {
    this.queue(queue).inFlight = n;
  }

  queueEnqueuedOne(queue: string): void {
    this.queue(queue).enqueued++;
  }

  queueAckedOne(queue: string): void {
    this.queue(queue).acked++;
  }

  deadLetter(queue: string, n = 1): void {
    this.queue(queue).deadLetters += n;
  }

  /**
   * Reads queue depths (and in-flight counts) when Prometheus scrapes, instead of
   * being told on every enqueue and ack. The runtime passes its queue host here.
   */
  setQueueSource(source: QueueSource | undefined): void {
    this.queueSource = source;
  }

  /** The number of open connections now. */
  connections(n: number): void {
    this.openConnections = n;
  }

  connectionOpened(): void {
    this.openedConnections++;
    this.openConnections++;
  }

  connectionClosed(): void {
    this.openConnections--;
  }

  /** The Prometheus text exposition of everything in the registry. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private series(subject: string): SubjectSeries {
    const label = subject.startsWith(INBOX_PREFIX) ? INBOX_LABEL : this.subjectLabels.value(subject);
    let series = this.bySubject.get(label);
    if (series === undefined) {
      series = new SubjectSeries(label, this.buckets);
      this.bySubject.set(label, series);
      this.subjectSeries.push(series);
    }
    // Only subjects with a series of their own are cached under their name, so the
    // map is as bounded as the label (folded subjects go through here each time).
    if (label === subject) this.bySubject.set(subject, series);
    return series;
  }

  private countError(series: SubjectSeries, code: string): void {
    const label = this.codeLabels.value(code);
    series.errors.set(label, (series.errors.get(label) ?? 0) + 1);
  }

  private refreshQueues(): void | Promise<void> {
    const source = this.queueSource;
    if (source === undefined) return;
    if (this.pendingRefresh !== undefined) return this.pendingRefresh;
    const states = source();
    if (!(states instanceof Promise)) return this.applyQueueStates(states);
    const refresh = states.then((resolved) => this.applyQueueStates(resolved)).finally(() => (this.pendingRefresh = undefined));
    this.pendingRefresh = refresh;
    return refresh;
  }

  private applyQueueStates(states: QueueStates): void {
    for (const [queue, state] of Object.entries(states)) {
      const series = this.queue(queue);
      series.depth = typeof state === 'number' ? state : state.depth;
      if (typeof state !== 'number' && state.inFlight !== undefined) series.inFlight = state.inFlight;
    }
  }

  private queue(queue: string): QueueSeries {
    const cached = this.byQueue.get(queue);
    if (cached !== undefined) return cached;
    const label = this.queueLabels.value(queue);
    let series = this.byQueue.get(label);
    if (series === undefined) {
      series = new QueueSeries({ queue: label });
      this.byQueue.set(label, series);
      this.queueSeriesList.push(series);
    }
    return series;
  }
}

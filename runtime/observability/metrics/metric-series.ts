/**
 * Where RuntimeMetrics keeps its numbers (plain fields per subject and per
 * queue, written on the hot path) and the prom-client metrics that read
 * them when Prometheus scrapes (each metric's `collect` hook).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { BucketCounts, BucketHistogram } from './bucket-histogram.js';

export class SubjectSeries {
  received = 0;
  sent = 0;
  receivedBytes = 0;
  sentBytes = 0;
  dropped = 0;
  inFlight = 0;
  /** By code label (already folded). */
  readonly errors = new Map<string, number>();
  readonly handler: BucketCounts;
  readonly request: BucketCounts;
  readonly labels: { readonly subject: string };

  constructor(label: string, buckets: ReadonlyArray<number>) {
    this.labels = { subject: label };
    this.handler = new BucketCounts(buckets);
    this.request = new BucketCounts(buckets);
  }
}

export class QueueSeries {
  depth = 0;
  inFlight = 0;
  enqueued = 0;
  acked = 0;
  deadLetters = 0;
  constructor(readonly labels: { readonly queue: string }) {}
}

/** What the scrape-time metrics read. */
export interface SeriesState {
  readonly subjects: ReadonlyArray<SubjectSeries>;
  readonly queues: ReadonlyArray<QueueSeries>;
  /** Brings queue gauges up to date (from a queue source, which may be async) before they are read. */
  refreshQueues(): void | Promise<void>;
  openConnections(): number;
  openedConnections(): number;
}

type SubjectField = 'received' | 'sent' | 'receivedBytes' | 'sentBytes' | 'dropped' | 'inFlight';
type QueueField = 'depth' | 'inFlight' | 'enqueued' | 'acked' | 'deadLetters';

/** Copies a field into prom-client: gauges take any value, counters only grow (a bad value must not fail the scrape). */
function expose<L extends string>(metric: Counter<L> | Gauge<L>, labels: Readonly<Record<L, string>>, value: number): void {
  if (metric instanceof Gauge) metric.set(labels, value);
  else if (value > 0 && Number.isFinite(value)) metric.inc(labels, value);
}

export function registerRuntimeMetrics(registry: Registry, prefix: string, buckets: ReadonlyArray<number>, state: SeriesState): void {
  const registers = [registry];

  const bySubject = (kind: 'counter' | 'gauge', name: string, help: string, field: SubjectField): void => {
    const Metric = kind === 'counter' ? Counter : Gauge;
    const metric: Counter<'subject'> | Gauge<'subject'> = new Metric<'subject'>({
      name: prefix + name,
      help,
      labelNames: ['subject'],
      registers,
      collect: () => {
        metric.reset();
        for (const s of state.subjects) expose(metric, s.labels, s[field]);
      },
    });
  };
  bySubject('counter', 'messages_received_total', 'Messages received from a transport, by subject (topic, method or queue subject).', 'received');
  bySubject('counter', 'messages_sent_total', 'Messages sent over a transport, by subject.', 'sent');
  bySubject('counter', 'received_bytes_total', 'Encoded bytes received over a transport, by subject.', 'receivedBytes');
  bySubject('counter', 'sent_bytes_total', 'Encoded bytes sent over a transport, by subject.', 'sentBytes');
  bySubject('counter', 'messages_dropped_total', 'Messages published here that reached no subscriber or had expired, by subject.', 'dropped');
  bySubject('gauge', 'handlers_in_flight', 'Handlers running now, by subject.', 'inFlight');

  const errors: Counter<'subject' | 'code'> = new Counter({
    name: `${prefix}errors_total`,
    help: 'Failures by subject and typewire error code.',
    labelNames: ['subject', 'code'],
    registers,
    collect: () => {
      errors.reset();
      for (const s of state.subjects) for (const [code, n] of s.errors) errors.inc({ subject: s.labels.subject, code }, n);
    },
  });

  new BucketHistogram(`${prefix}handler_duration_seconds`, 'Time a handler took, from receipt to completion, by subject.', buckets, () =>
    state.subjects.map((s) => ({ labels: s.labels, counts: s.handler })), registry);
  new BucketHistogram(`${prefix}request_duration_seconds`, 'Time a call took, from send to reply, as the caller saw it, by method subject.', buckets, () =>
    state.subjects.map((s) => ({ labels: s.labels, counts: s.request })), registry);

  const byQueue = (kind: 'counter' | 'gauge', name: string, help: string, field: QueueField): void => {
    const Metric = kind === 'counter' ? Counter : Gauge;
    const metric: Counter<'queue'> | Gauge<'queue'> = new Metric<'queue'>({
      name: prefix + name,
      help,
      labelNames: ['queue'],
      registers,
      collect: () => {
        const refreshed = field === 'depth' || field === 'inFlight' ? state.refreshQueues() : undefined;
        const copy = (): void => {
          metric.reset();
          for (const q of state.queues) expose(metric, q.labels, q[field]);
        };
        if (refreshed === undefined) return copy();
        return refreshed.then(copy);
      },
    });
  };
  byQueue('gauge', 'queue_depth', 'Messages waiting in a queue.', 'depth');
  byQueue('gauge', 'queue_in_flight', 'Messages handed to consumers and not yet acknowledged.', 'inFlight');
  byQueue('counter', 'queue_enqueued_total', 'Messages accepted into a queue.', 'enqueued');
  byQueue('counter', 'queue_acked_total', 'Messages acknowledged by a consumer.', 'acked');
  byQueue('counter', 'queue_dead_letters_total', 'Messages moved to the dead-letter queue after their last retry.', 'deadLetters');

  const connections: Gauge = new Gauge({
    name: `${prefix}connections`,
    help: 'Open client connections.',
    registers,
    collect: () => connections.set(state.openConnections()),
  });
  const opened: Counter = new Counter({
    name: `${prefix}connections_opened_total`,
    help: 'Client connections accepted since start.',
    registers,
    collect: () => {
      opened.reset();
      opened.inc(state.openedConnections());
    },
  });
}

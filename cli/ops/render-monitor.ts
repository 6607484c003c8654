/**
 * One frame of `typewire monitor`: for a terminal, a table with depth bars
 * redrawn in place; otherwise plain `key=value` lines a log or a test can read.
 */
import type { Palette } from '../output/color.js';
import type { HostStatus } from '../host/host-status.js';
import { formatAge } from './queue-views.js';

const BAR_WIDTH = 24;
const rate = (n: number): string => (n >= 100 ? String(Math.round(n)) : n.toFixed(1));

export function renderPlain(status: HostStatus): string[] {
  const r = status.rates;
  const lines = [`at=${new Date(status.at).toISOString()} source=${status.source} store=${status.store} connections=${status.connections} published/s=${rate(r.published)} processed/s=${rate(r.processed)} received/s=${rate(r.receivedRemote)} sent/s=${rate(r.sentRemote)}`];
  for (const q of status.queues) {
    lines.push(`queue=${q.queue} depth=${q.depth} in_flight=${q.inFlight} oldest=${formatAge(q.oldestAgeMs)} dlq=${q.deadLetters} enqueued/s=${rate(q.enqueuedPerSec)} acked/s=${rate(q.ackedPerSec)}`);
  }
  return lines;
}

export function renderTty(status: HostStatus, palette: Palette): string[] {
  const r = status.rates;
  const width = Math.max(5, ...status.queues.map((q) => q.queue.length));
  const max = Math.max(1, ...status.queues.map((q) => q.depth));
  const lines = [
    palette.bold(`typewire monitor  ${status.source}  store ${status.store}  connections ${status.connections}  ${new Date(status.at).toLocaleTimeString()}`),
    `msgs/s  published ${rate(r.published)}  processed ${rate(r.processed)}  received ${rate(r.receivedRemote)}  sent ${rate(r.sentRemote)}  failed ${rate(r.failed)}`,
    '',
    palette.dim(`${'QUEUE'.padEnd(width)}  ${'DEPTH'.padEnd(BAR_WIDTH + 9)}  IN-FLIGHT  OLDEST     DLQ  ENQ/s  ACK/s`),
  ];
  for (const q of status.queues) {
    const filled = Math.round((q.depth / max) * BAR_WIDTH);
    const bar = palette.cyan('█'.repeat(filled)) + palette.dim('░'.repeat(BAR_WIDTH - filled));
    const dlq = String(q.deadLetters).padStart(6);
    lines.push(
      `${q.queue.padEnd(width)}  ${bar} ${String(q.depth).padStart(8)}  ${String(q.inFlight).padStart(9)}  ${formatAge(q.oldestAgeMs).padStart(6)}  ${q.deadLetters > 0 ? palette.red(dlq) : dlq}  ${rate(q.enqueuedPerSec).padStart(5)}  ${rate(q.ackedPerSec).padStart(5)}`,
    );
  }
  if (status.queues.length === 0) lines.push(palette.dim('no queues yet'));
  return lines;
}

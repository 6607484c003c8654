import { describe, expect, it } from 'vitest';
import type { HostStatus } from '../../../cli/host/host-status.js';
import { createPalette } from '../../../cli/output/color.js';
import { renderPlain, renderTty } from '../../../cli/ops/render-monitor.js';

const status: HostStatus = {
  at: Date.UTC(2026, 0, 1),
  source: 'svc',
  store: 'pglite',
  connections: 3,
  queues: [
    { queue: 'big', depth: 100, inFlight: 2, oldestAgeMs: 2500, deadLetters: 1, enqueuedPerSec: 12.34, ackedPerSec: 10 },
    { queue: 'small', depth: 25, inFlight: 0, oldestAgeMs: null, deadLetters: 0, enqueuedPerSec: 0, ackedPerSec: 0 },
  ],
  rates: { published: 5, processed: 4, failed: 0, dropped: 0, sentRemote: 1, receivedRemote: 2 },
  totals: { published: 50, processed: 40, failed: 0, dropped: 0, sentRemote: 10, receivedRemote: 20 },
};

describe('monitor frames', () => {
  it('plain: one key=value line for the host and one per queue', () => {
    expect(renderPlain(status)).toEqual([
      'at=2026-01-01T00:00:00.000Z source=svc store=pglite connections=3 published/s=5.0 processed/s=4.0 received/s=2.0 sent/s=1.0',
      'queue=big depth=100 in_flight=2 oldest=2.5s dlq=1 enqueued/s=12.3 acked/s=10.0',
      'queue=small depth=25 in_flight=0 oldest=- dlq=0 enqueued/s=0.0 acked/s=0.0',
    ]);
  });

  it('terminal: bars proportional to the deepest queue, colour only when the palette has it', () => {
    const plain = renderTty(status, createPalette(false));
    const big = plain.find((l) => l.startsWith('big'))!;
    const small = plain.find((l) => l.startsWith('small'))!;
    expect(big.split('█').length - 1).toBe(24);
    expect(small.split('█').length - 1).toBe(6);
    expect(plain.join('\n')).not.toMatch(/\u001b\[/);
    expect(renderTty(status, createPalette(true)).join('\n')).toMatch(/\u001b\[31m {5}1\u001b\[39m/);
  });
});

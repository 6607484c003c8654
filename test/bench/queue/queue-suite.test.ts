import { describe, expect, it } from 'vitest';
import { checkSuite } from '../../../bench/harness/run-suite.js';
import { createQueueSuite } from '../../../bench/queue/queue.bench.js';
import { concurrently } from '../../../bench/queue/send-cases.js';

// Structure only: the suite opens its databases in setup(), which this test never calls.
describe('the queue suite', () => {
  it('sets every typewire case against a baseline, with targets and checks on its own cases', () => {
    const suite = createQueueSuite();
    expect(suite.name).toBe('queue');
    checkSuite({ ...suite, cases: suite.cases.map((c) => ({ name: c.name, ...(c.baseline ? { baseline: c.baseline } : {}), op: () => undefined })) });
    const names = new Set(suite.cases.map((c) => c.name));
    for (const c of suite.cases) {
      if (c.name.includes('typewire')) expect(c.baseline).toMatch(c.name.startsWith('queue pg:') ? /pg-boss/ : /plain/);
      else expect(c.baseline).toBeUndefined();
    }
    for (const check of suite.checks) {
      expect(names.has(check.name)).toBe(true);
      if (check.kind === 'throughput') expect(names.has(check.against)).toBe(true);
    }
    expect(suite.checks).toContainEqual({ kind: 'latency-max', name: 'queue pg: send x16, typewire enqueue', percentile: 95, targetUs: 10_000 });
    expect(suite.targets.every((t) => t.target === 10)).toBe(true);
    // Every dequeue case refills its backlog outside the timing.
    for (const c of suite.cases.filter((x) => x.name.includes('dequeue+ack'))) expect(c.prepare).toBeTypeOf('function');
  });
});

describe('concurrently', () => {
  it('does exactly n messages on at most `width` producers, each awaiting its previous op', async () => {
    let running = 0;
    let most = 0;
    const counts: number[] = [];
    const latencies: number[] = [];
    await concurrently(
      250,
      16,
      100,
      async (count) => {
        running++;
        most = Math.max(most, running);
        counts.push(count);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
      },
      latencies,
    );
    expect(counts.sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(most).toBe(3);
    expect(latencies).toHaveLength(3);

    counts.length = 0;
    most = 0;
    await concurrently(40, 16, 1, async (count) => {
      running++;
      most = Math.max(most, running);
      counts.push(count);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    }, latencies);
    expect(counts).toHaveLength(40);
    expect(most).toBe(16);
  });
});

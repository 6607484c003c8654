import { describe, expect, it } from 'vitest';
import type { RunOptions } from '../../../bench/harness/types.js';
import { isAsyncSuite, runAsyncSuite, type AsyncBenchCase, type AsyncBenchSuite } from '../../../bench/net/async-suite.js';

// Structure only: nothing here looks at how fast anything ran.
const TINY: RunOptions = { rounds: 4, roundMs: 1, warmupMs: 2, batchMs: 0.1, latencySamplesPerRound: 3, minLatencyGroupNs: 0 };

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function suite(cases: AsyncBenchCase[], log: string[], extra: Partial<AsyncBenchSuite> = {}): AsyncBenchSuite {
  return {
    kind: 'async',
    name: 'net-test',
    description: 'structure test',
    cases,
    targets: [],
    checks: [],
    setup: async () => {
      log.push('setup');
    },
    teardown: async () => {
      log.push('teardown');
    },
    ...extra,
  };
}

describe('runAsyncSuite', () => {
  it('sets up, interleaves the cases round by round, tears down, and reports one number per round', async () => {
    const log: string[] = [];
    const note = (name: string) => async (n: number) => {
      if (log[log.length - 1] !== name) log.push(name);
      expect(Number.isInteger(n) && n >= 1).toBe(true);
      await turn();
    };
    const result = await runAsyncSuite(
      suite(
        [
          { name: 'A', run: note('A') },
          { name: 'B', baseline: 'A', run: note('B') },
        ],
        log,
        { targets: [{ name: 'B', metric: 'ops_per_sec', target: 0 }], checks: [{ kind: 'latency', name: 'B', percentile: 99, target: 1e9 }] },
      ),
      TINY,
    );
    // warm-up: A B | B A, then rounds A B | B A | A B | B A (consecutive repeats collapsed)
    expect(log).toEqual(['setup', 'A', 'B', 'A', 'B', 'A', 'B', 'A', 'teardown']);
    expect(result.cases.map((c) => c.perRoundOpsPerSec.length)).toEqual([4, 4]);
    expect(result.cases.map((c) => c.perRoundP99Us.length)).toEqual([4, 4]);
    expect(result.cases[1]).toMatchObject({ name: 'B', baseline: 'A', suite: 'net-test' });
    expect(result.ratios).toEqual([expect.objectContaining({ name: 'B', baseline: 'A', metric: 'ops_per_sec', target: 0, met: true })]);
    expect(result.checks).toEqual([expect.objectContaining({ name: 'B', baseline: 'A', metric: 'p99_us', comparison: '<=', met: true })]);
  });

  it('keeps the latencies a case measures itself, and otherwise times each batch', async () => {
    const result = await runAsyncSuite(
      suite(
        [
          {
            name: 'self',
            latencyMethod: 'per-op: fixed',
            run: async (n, latencies) => {
              for (let i = 0; i < n; i++) latencies.push(i === 0 ? 1000 : 7);
              await turn();
            },
          },
          { name: 'batch', run: () => turn() },
        ],
        [],
      ),
      TINY,
    );
    const [self, batch] = result.cases;
    expect(self!.latencyMethod).toBe('per-op: fixed');
    expect(self!.p50Us).toBe(7);
    expect(batch!.latencyMethod).toMatch(/^per-batch/);
    expect(batch!.p50Us).toBeGreaterThan(0);
  });

  it('tears down even when a case fails, and passes the failure on', async () => {
    const log: string[] = [];
    const failure = new Error('lost a message');
    const run = runAsyncSuite(suite([{ name: 'A', run: () => Promise.reject(failure) }], log), TINY);
    await expect(run).rejects.toBe(failure);
    expect(log).toEqual(['setup', 'teardown']);
  });

  it('checks the suite before opening anything', async () => {
    const log: string[] = [];
    const bad = suite([{ name: 'A', baseline: 'missing', run: () => turn() }], log);
    await expect(runAsyncSuite(bad, TINY)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT' });
    expect(log).toEqual([]);
  });

  it('tells async suites from sync ones', () => {
    expect(isAsyncSuite(suite([], []))).toBe(true);
    expect(isAsyncSuite({ name: 's', description: '', cases: [], targets: [] })).toBe(false);
  });
});

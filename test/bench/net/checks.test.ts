import { describe, expect, it } from 'vitest';
import { machineInfo } from '../../../bench/harness/machine.js';
import { QUICK_RUN } from '../../../bench/harness/options.js';
import { buildResultsFile } from '../../../bench/harness/report.js';
import type { AsyncCaseResult } from '../../../bench/net/async-suite.js';
import { describeMissed, evaluateChecks, formatCheck, formatChecks, withChecks } from '../../../bench/net/checks.js';

function result(name: string, baseline: string | null, perRound: number[], p99: number[], p50 = p99): AsyncCaseResult {
  return {
    name,
    suite: 'net',
    baseline,
    opsPerSec: [...perRound].sort((a, b) => a - b)[Math.floor(perRound.length / 2)]!,
    perRoundOpsPerSec: perRound,
    p50Us: p50[0]!,
    p95Us: p99[0]!,
    p99Us: p99[0]!,
    perRoundP50Us: p50,
    perRoundP95Us: p99,
    perRoundP99Us: p99,
    latencyMethod: 'per-op',
  };
}

const results = [
  result('raw', null, [100, 200, 100], [10, 20, 10], [5, 5, 5]),
  result('coalesced', null, [400, 800, 400], [4, 4, 4]),
  result('typewire', 'raw', [40, 90, 20], [12, 60, 25], [6, 10, 5]),
];

describe('evaluateChecks', () => {
  it('compares a latency percentile with the baseline round by round and takes the median ratio', () => {
    const [p99, p50] = evaluateChecks(
      [
        { kind: 'latency', name: 'typewire', percentile: 99, target: 1.5 },
        { kind: 'latency', name: 'typewire', percentile: 50, target: 1.5 },
      ],
      results,
    );
    // p99 per round: 12/10, 60/20, 25/10 → 1.2, 3, 2.5 → median 2.5
    expect(p99).toEqual({ name: 'typewire', baseline: 'raw', metric: 'p99_us', ratio: 2.5, target: 1.5, comparison: '<=', met: false });
    // p50 per round: 1.2, 2, 1 → median 1.2
    expect(p50).toMatchObject({ metric: 'p50_us', ratio: 1.2, met: true });
  });

  it('compares throughput with a second baseline', () => {
    const [check] = evaluateChecks([{ kind: 'throughput', name: 'typewire', against: 'coalesced', target: 0.1 }], results);
    // 40/400, 90/800, 20/400 → 0.1, 0.1125, 0.05 → median 0.1
    expect(check).toEqual({ name: 'typewire', baseline: 'coalesced', metric: 'ops_per_sec', ratio: 0.1, target: 0.1, comparison: '>=', met: true });
  });

  it('checks an absolute rate on the median ops/s', () => {
    const [check, missed] = evaluateChecks(
      [
        { kind: 'absolute', name: 'typewire', target: 40 },
        { kind: 'absolute', name: 'typewire', target: 41 },
      ],
      results,
    );
    expect(check).toEqual({ name: 'typewire', baseline: null, metric: 'ops_per_sec', value: 40, target: 40, comparison: '>=', met: true });
    expect(missed).toMatchObject({ met: false });
  });

  it('refuses checks on unknown cases or a latency check without a baseline', () => {
    expect(() => evaluateChecks([{ kind: 'absolute', name: 'nope', target: 1 }], results)).toThrow(RangeError);
    expect(() => evaluateChecks([{ kind: 'latency', name: 'raw', percentile: 99, target: 1 }], results)).toThrow(/no baseline/);
    expect(() => evaluateChecks([{ kind: 'throughput', name: 'typewire', against: 'nope', target: 1 }], results)).toThrow(/unknown case/);
  });
});

describe('checks in results.json and in the summary', () => {
  const checks = evaluateChecks(
    [
      { kind: 'latency', name: 'typewire', percentile: 99, target: 1.5 },
      { kind: 'absolute', name: 'typewire', target: 100_000 },
      { kind: 'throughput', name: 'typewire', against: 'coalesced', target: 1 / 3 },
    ],
    results,
  );

  it('adds each check to the ratios with target, comparison and verdict, rounded like the harness', () => {
    const file = buildResultsFile([], machineInfo(), { ...QUICK_RUN, quick: true, filter: 'net' }, new Date(0));
    const merged = withChecks(file, checks);
    expect(merged.results).toEqual(file.results);
    expect(merged.ratios).toEqual([
      { name: 'typewire', baseline: 'raw', metric: 'p99_us', ratio: 2.5, target: 1.5, comparison: '<=', met: false },
      { name: 'typewire', baseline: null, metric: 'ops_per_sec', value: 40, target: 100_000, comparison: '>=', met: false },
      { name: 'typewire', baseline: 'coalesced', metric: 'ops_per_sec', ratio: 0.1, target: 1 / 3, comparison: '>=', met: false },
    ]);
  });

  it('prints each check with its verdict, and describes misses of every kind', () => {
    expect(formatCheck(checks[0]!)).toBe('typewire vs raw: p99_us ratio 2.50x, target <= 1.5  NOT MET');
    expect(formatCheck(checks[1]!)).toBe('typewire: 40 ops/s, target >= 100,000  NOT MET');
    expect(formatChecks([])).toBe('');
    expect(formatChecks(checks).split('\n').filter((l) => l.startsWith('  '))).toHaveLength(3);
    const merged = withChecks(buildResultsFile([], machineInfo(), { ...QUICK_RUN, quick: true, filter: null }, new Date(0)), checks);
    expect(merged.ratios.map(describeMissed)).toEqual([
      'typewire vs raw (p99_us) 2.5x, target <= 1.5',
      'typewire (ops_per_sec) 40, target >= 100000',
      `typewire vs coalesced (ops_per_sec) 0.1x, target >= ${1 / 3}`,
    ]);
  });
});

describe('latency-max checks', () => {
  it('compares a percentile over all rounds with an absolute bound in µs', () => {
    const [under, over] = evaluateChecks(
      [
        { kind: 'latency-max', name: 'coalesced', percentile: 95, targetUs: 5 },
        { kind: 'latency-max', name: 'raw', percentile: 95, targetUs: 5 },
      ],
      results,
    );
    expect(under).toMatchObject({ name: 'coalesced', baseline: null, metric: 'p95_us', value: 4, target: 5, comparison: '<', met: true });
    expect(over).toMatchObject({ name: 'raw', metric: 'p95_us', value: 10, met: false });
    expect(formatCheck(over!)).toBe('raw: p95_us 10 us, target < 5 us  NOT MET');
    expect(describeMissed(over!)).toBe('raw (p95_us) 10, target < 5');
  });
});

import { describe, expect, it } from 'vitest';
import { checkSuite, ratiosOf, runSuite } from '../../bench/harness/run-suite.js';
import { parseBenchArgs, QUICK_RUN } from '../../bench/harness/options.js';
import type { BenchSuite, CaseResult, RunOptions } from '../../bench/harness/types.js';
import { isTypewireError } from '../../runtime/errors/typewire-error.js';

// Structure only: these tests never look at how fast anything ran.
const TINY: RunOptions = { rounds: 4, roundMs: 1, warmupMs: 2, batchMs: 0.1, latencySamplesPerRound: 3, minLatencyGroupNs: 0 };

function caseResult(name: string, baseline: string | null, perRound: number[], bytes?: number): CaseResult {
  return {
    name,
    suite: 's',
    baseline,
    opsPerSec: 0,
    perRoundOpsPerSec: perRound,
    p50Us: 0,
    p99Us: 0,
    latencyMethod: '',
    ...(bytes === undefined ? {} : { bytes }),
  };
}

describe('runSuite', () => {
  it('interleaves the cases round by round and reports one number per round', () => {
    const log: string[] = [];
    const note = (name: string) => () => {
      if (log[log.length - 1] !== name) log.push(name);
    };
    const suite: BenchSuite = {
      name: 's',
      description: 'order test',
      cases: [
        { name: 'A', op: note('A') },
        { name: 'B', baseline: 'A', op: note('B') },
      ],
      targets: [{ name: 'B', metric: 'ops_per_sec', target: 0 }],
    };
    const result = runSuite(suite, TINY);
    // warm-up: A B | B A, then rounds A B | B A | A B | B A (consecutive repeats collapsed)
    expect(log).toEqual(['A', 'B', 'A', 'B', 'A', 'B', 'A']);
    expect(result.cases.map((c) => c.perRoundOpsPerSec.length)).toEqual([4, 4]);
    expect(result.cases[1]!.baseline).toBe('A');
    expect(result.cases[0]!.baseline).toBeNull();
    expect(result.ratios).toHaveLength(1);
    expect(result.ratios[0]).toMatchObject({ name: 'B', baseline: 'A', metric: 'ops_per_sec', target: 0, met: true });
    expect(result.cases[0]!.latencyMethod).toMatch(/hrtime/);
  });
});

describe('ratiosOf', () => {
  const suite: BenchSuite = {
    name: 's',
    description: '',
    cases: [],
    targets: [
      { name: 'fast', metric: 'ops_per_sec', target: 3 },
      { name: 'fast', metric: 'bytes', target: 1 },
    ],
  };

  it('checks speed targets against the median per-round ratio and size targets against the byte ratio', () => {
    const ratios = ratiosOf(suite, [
      caseResult('base', null, [100, 200, 100], 100),
      caseResult('fast', 'base', [250, 700, 400], 80),
      caseResult('other', 'base', [50, 100, 50]),
    ]);
    expect(ratios).toEqual([
      { name: 'fast', baseline: 'base', metric: 'ops_per_sec', ratio: 3.5, target: 3, comparison: '>=', met: true },
      { name: 'fast', baseline: 'base', metric: 'bytes', ratio: 0.8, target: 1, comparison: '<', met: true },
      { name: 'other', baseline: 'base', metric: 'ops_per_sec', ratio: 0.5 },
    ]);
  });

  it('marks a missed target as not met', () => {
    const [speed, size] = ratiosOf(suite, [caseResult('base', null, [100, 100, 100], 50), caseResult('fast', 'base', [290, 310, 200], 50)]);
    expect(speed).toMatchObject({ ratio: 2.9, met: false });
    expect(size).toMatchObject({ ratio: 1, met: false });
  });
});

describe('checkSuite', () => {
  const op = () => 0;
  const expectBadSuite = (suite: BenchSuite) => {
    try {
      checkSuite(suite);
    } catch (error) {
      expect(isTypewireError(error) && error.code).toBe('VALIDATION_BAD_ARGUMENT');
      return;
    }
    throw new Error('checkSuite accepted a bad suite');
  };

  it('rejects an unknown baseline, a duplicate name and a target without baseline', () => {
    expectBadSuite({ name: 's', description: '', cases: [{ name: 'a', baseline: 'nope', op }], targets: [] });
    expectBadSuite({ name: 's', description: '', cases: [{ name: 'a', op }, { name: 'a', op }], targets: [] });
    expectBadSuite({ name: 's', description: '', cases: [{ name: 'a', op }], targets: [{ name: 'a', metric: 'ops_per_sec', target: 1 }] });
  });

  it('rejects a size target when a side has no size', () => {
    expectBadSuite({
      name: 's',
      description: '',
      cases: [{ name: 'a', op, bytes: 3 }, { name: 'b', baseline: 'a', op }],
      targets: [{ name: 'b', metric: 'bytes', target: 1 }],
    });
  });
});

describe('parseBenchArgs', () => {
  it('reads --quick and both spellings of --filter', () => {
    expect(parseBenchArgs(['--quick', '--filter', 'codec'])).toMatchObject({ quick: true, filter: 'codec', run: QUICK_RUN });
    expect(parseBenchArgs(['--filter=bus']).filter).toBe('bus');
    expect(parseBenchArgs([]).run.rounds).toBe(10);
  });

  it('rejects unknown arguments and an empty filter with CONFIG_INVALID', () => {
    for (const argv of [['--fast'], ['--filter'], ['--filter=']]) {
      expect(() => parseBenchArgs(argv)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });
});

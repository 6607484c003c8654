import { describe, expect, it } from 'vitest';
import { checkSuite } from '../../../bench/harness/run-suite.js';
import type { AsyncBenchSuite } from '../../../bench/net/async-suite.js';
import { createNetTcpSuite, createNetWsSuite, TARGETS } from '../../../bench/net/net.bench.js';
import { split } from '../../../bench/net/request-reply.js';

// Every case really moves messages over loopback (a few each); nothing here looks at speed.
describe.each([
  ['tcp', createNetTcpSuite],
  ['ws', createNetWsSuite],
] as const)('the %s network suite', (transport, create) => {
  it('declares targets and checks only on its own cases, each typewire case with a raw baseline', () => {
    const suite: AsyncBenchSuite = create();
    expect(suite.name).toBe(`net-${transport}`);
    checkSuite({ ...suite, cases: suite.cases.map((c) => ({ name: c.name, ...(c.baseline ? { baseline: c.baseline } : {}), op: () => undefined })) });
    const names = new Set(suite.cases.map((c) => c.name));
    for (const c of suite.cases) {
      expect(c.name.startsWith(`net ${transport}: `)).toBe(true);
      if (c.name.includes('typewire')) expect(c.baseline).toMatch(/raw/);
      else expect(c.baseline).toBeUndefined();
    }
    for (const check of suite.checks) {
      expect(names.has(check.name)).toBe(true);
      if (check.kind === 'throughput') expect(names.has(check.against)).toBe(true);
    }
    expect(suite.checks.some((c) => c.kind === 'latency' && c.percentile === 99 && c.target === TARGETS.p99OneOutstanding)).toBe(true);
    if (transport === 'ws') {
      expect(suite.checks).toContainEqual(expect.objectContaining({ kind: 'absolute', target: TARGETS.wsAbsoluteMsgsPerSec }));
      expect(suite.targets.every((t) => t.target === TARGETS.wsPublish)).toBe(true);
    } else {
      expect(suite.targets.map((t) => t.target).sort()).toEqual([TARGETS.tcpPublish, TARGETS.tcpPublish, TARGETS.tcpPipelinedRpc].sort());
      // Each TCP target is also checked against the coalescing baseline.
      expect(suite.checks.filter((c) => c.kind === 'throughput')).toHaveLength(3);
    }
  });

  it('runs every case end to end after setup, and closes everything at teardown', async () => {
    const suite = create();
    await suite.setup();
    try {
      for (const c of suite.cases) {
        const latencies: number[] = [];
        await c.run(25, latencies);
        // Cases that time each request report one latency per request; the others leave it to the runner.
        expect(latencies).toHaveLength(c.latencyMethod === undefined ? 0 : 25);
      }
    } finally {
      await suite.teardown();
    }
  }, 60_000);
});

describe('split', () => {
  it('spreads a total over parts as evenly as integers allow', () => {
    expect(split(100, 8)).toEqual([13, 13, 13, 13, 12, 12, 12, 12]);
    expect(split(3, 8)).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
    expect(split(16, 8).reduce((a, b) => a + b, 0)).toBe(16);
  });
});

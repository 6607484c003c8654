import { describe, expect, it } from 'vitest';
import { machineInfo } from '../../bench/harness/machine.js';
import { QUICK_RUN } from '../../bench/harness/options.js';
import { buildResultsFile, formatSuite } from '../../bench/harness/report.js';
import type { SuiteResult } from '../../bench/harness/types.js';

const suite: SuiteResult = {
  suite: 'codec',
  description: 'round trip',
  cases: [
    { name: 'json', suite: 'codec', baseline: null, opsPerSec: 1000.4, perRoundOpsPerSec: [1000.4], p50Us: 1.23456, p99Us: 9.87654, latencyMethod: 'per-op', bytes: 300 },
    { name: 'typewire', suite: 'codec', baseline: 'json', opsPerSec: 3500.6, perRoundOpsPerSec: [3500.6], p50Us: 0.3, p99Us: 0.9, latencyMethod: 'per-op', bytes: 120 },
  ],
  ratios: [
    { name: 'typewire', baseline: 'json', metric: 'ops_per_sec', ratio: 3.49912, target: 3, comparison: '>=', met: true },
    { name: 'typewire', baseline: 'json', metric: 'bytes', ratio: 0.4, target: 1, comparison: '<', met: true },
  ],
};

describe('buildResultsFile', () => {
  const file = buildResultsFile([suite], machineInfo(), { ...QUICK_RUN, quick: true, filter: 'codec' }, new Date('2025-01-02T03:04:05Z'));

  it('lists each case with its baseline named among the results', () => {
    expect(file.results).toEqual([
      { name: 'json', suite: 'codec', ops_per_sec: 1000, p50_us: 1.235, p99_us: 9.877, baseline: null, latency_method: 'per-op', bytes: 300 },
      { name: 'typewire', suite: 'codec', ops_per_sec: 3501, p50_us: 0.3, p99_us: 0.9, baseline: 'json', latency_method: 'per-op', bytes: 120 },
    ]);
    const names = new Set(file.results.map((r) => r.name));
    for (const r of file.results) if (r.baseline !== null) expect(names.has(r.baseline)).toBe(true);
  });

  it('carries targets, verdicts, the machine, the settings and the date', () => {
    expect(file.ratios[0]).toEqual({ name: 'typewire', baseline: 'json', metric: 'ops_per_sec', ratio: 3.499, target: 3, comparison: '>=', met: true });
    expect(file.machine.cores).toBeGreaterThan(0);
    expect(file.settings).toMatchObject({ rounds: QUICK_RUN.rounds, round_ms: QUICK_RUN.roundMs, quick: true, filter: 'codec' });
    expect(file.date).toBe('2025-01-02T03:04:05.000Z');
  });
});

describe('formatSuite', () => {
  it('prints a row per case and a verdict per target', () => {
    const text = formatSuite({ ...suite, ratios: [{ ...suite.ratios[0]!, ratio: 2.5, met: false }] });
    expect(text).toMatch(/^typewire\s+3,501\s+0\.300\s+0\.900\s+120\s+json$/m);
    expect(text).toMatch(/typewire vs json\s+ops_per_sec\s+2\.50x\s+>= 3 {2}NOT MET/);
  });
});

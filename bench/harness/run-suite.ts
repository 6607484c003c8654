/**
 * Runs one suite: warm-up, then rounds in which every case runs once in
 * rotating order (see schedule.ts), then the per-case and per-pair summaries.
 */
import { typewireError } from '../../runtime/errors/typewire-error.js';
import {
  calibrate,
  collectGarbage,
  latencyGroupSize,
  makeLoop,
  sampleLatency,
  timeRound,
  timerOverheadNs,
} from './measure.js';
import { interleaveOrder } from './schedule.js';
import { median, medianRatio, percentile } from './stats.js';
import type { BenchSuite, CaseResult, RatioResult, RunOptions, SuiteResult } from './types.js';

/** Throws VALIDATION_BAD_ARGUMENT when a suite refers to cases it does not have. */
export function checkSuite(suite: BenchSuite): void {
  const names = new Set<string>();
  for (const c of suite.cases) {
    if (names.has(c.name)) throw typewireError('VALIDATION_BAD_ARGUMENT', `bench suite ${suite.name}: duplicate case name "${c.name}"`);
    names.add(c.name);
  }
  for (const c of suite.cases) {
    if (c.baseline !== undefined && (!names.has(c.baseline) || c.baseline === c.name)) {
      throw typewireError('VALIDATION_BAD_ARGUMENT', `bench suite ${suite.name}: case "${c.name}" has unknown baseline "${c.baseline}"`);
    }
  }
  for (const t of suite.targets) {
    const c = suite.cases.find((x) => x.name === t.name);
    if (c?.baseline === undefined) {
      throw typewireError('VALIDATION_BAD_ARGUMENT', `bench suite ${suite.name}: target "${t.name}" is not a case with a baseline`);
    }
    const base = suite.cases.find((x) => x.name === c.baseline);
    if (t.metric === 'bytes' && (c.bytes === undefined || base?.bytes === undefined)) {
      throw typewireError('VALIDATION_BAD_ARGUMENT', `bench suite ${suite.name}: size target "${t.name}" needs bytes on both cases`);
    }
  }
}

function describeLatency(groupSize: number): string {
  return groupSize === 1
    ? 'per-op: sampled single ops timed with process.hrtime.bigint (timer cost subtracted)'
    : `per-batch: sampled groups of ${groupSize} ops timed with process.hrtime.bigint, divided by ${groupSize} (timer cost subtracted)`;
}

export function runSuite(suite: BenchSuite, options: RunOptions): SuiteResult {
  checkSuite(suite);
  const cases = suite.cases;
  const loops = cases.map((c) => makeLoop(c.op, `${suite.name}/${c.name}`));

  // Warm-up, interleaved like the rounds, so no case is optimised while another is timed.
  const calibration = cases.map(() => ({ batchSize: 1, nsPerOp: Number.POSITIVE_INFINITY }));
  for (const round of interleaveOrder(cases.length, 2)) {
    for (const i of round) calibration[i] = calibrate(loops[i]!, options.warmupMs / 2, options.batchMs);
  }
  const groupSizes = calibration.map((c) => latencyGroupSize(c.nsPerOp, options.minLatencyGroupNs));
  const overheadNs = timerOverheadNs();

  const perRound: number[][] = cases.map(() => []);
  const latencies: number[][] = cases.map(() => []);
  for (const round of interleaveOrder(cases.length, options.rounds)) {
    for (const i of round) {
      collectGarbage();
      perRound[i]!.push(timeRound(loops[i]!, calibration[i]!.batchSize, options.roundMs));
      latencies[i]!.push(...sampleLatency(loops[i]!, groupSizes[i]!, options.latencySamplesPerRound, overheadNs));
    }
  }

  const results: CaseResult[] = cases.map((c, i) => ({
    name: c.name,
    suite: suite.name,
    baseline: c.baseline ?? null,
    opsPerSec: median(perRound[i]!),
    perRoundOpsPerSec: perRound[i]!,
    p50Us: percentile(latencies[i]!, 50),
    p99Us: percentile(latencies[i]!, 99),
    latencyMethod: describeLatency(groupSizes[i]!),
    ...(c.bytes === undefined ? {} : { bytes: c.bytes }),
  }));
  return { suite: suite.name, description: suite.description, cases: results, ratios: ratiosOf(suite, results) };
}

/** One throughput ratio per case with a baseline, one size ratio where both sides have a size. */
export function ratiosOf(suite: BenchSuite, results: ReadonlyArray<CaseResult>): RatioResult[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const ratios: RatioResult[] = [];
  for (const r of results) {
    if (r.baseline === null) continue;
    const base = byName.get(r.baseline)!;
    const speed = suite.targets.find((t) => t.name === r.name && t.metric === 'ops_per_sec');
    const ratio = medianRatio(r.perRoundOpsPerSec, base.perRoundOpsPerSec);
    ratios.push({
      name: r.name,
      baseline: base.name,
      metric: 'ops_per_sec',
      ratio,
      ...(speed === undefined ? {} : { target: speed.target, comparison: '>=' as const, met: ratio >= speed.target }),
    });
    if (r.bytes !== undefined && base.bytes !== undefined) {
      const size = suite.targets.find((t) => t.name === r.name && t.metric === 'bytes');
      const sizeRatio = r.bytes / base.bytes;
      ratios.push({
        name: r.name,
        baseline: base.name,
        metric: 'bytes',
        ratio: sizeRatio,
        ...(size === undefined ? {} : { target: size.target, comparison: '<' as const, met: sizeRatio < size.target }),
      });
    }
  }
  return ratios;
}

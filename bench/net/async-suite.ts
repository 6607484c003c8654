/**
 * The harness for benchmarks whose operations are asynchronous (network
 * round trips, messages that arrive later). It follows bench/harness: an
 * interleaved warm-up that also sizes the batches, then rounds in which every
 * case runs once in rotating order, throughput per round, ratios as medians
 * of per-round ratios. What differs: an operation is awaited, batches are
 * sized to take at least NET_MIN_BATCH_MS (a batch starts and ends with an
 * empty pipe, so it must be long beside one round trip), and latency comes
 * from the timed rounds themselves rather than from a separate sampling pass.
 *
 * Beyond throughput ratios a suite may declare checks the sync harness has no
 * words for: a latency percentile relative to the baseline's, and an absolute
 * rate (checks.ts).
 */
import { checkSuite, ratiosOf } from '../harness/run-suite.js';
import { collectGarbage } from '../harness/measure.js';
import { interleaveOrder } from '../harness/schedule.js';
import { median, percentile } from '../harness/stats.js';
import type { BenchSuite, CaseResult, RunOptions, SuiteResult, TargetSpec } from '../harness/types.js';
import { evaluateChecks, type CheckResult, type CheckSpec } from './checks.js';

/** A batch shorter than this would be dominated by filling and draining the pipe. */
export const NET_MIN_BATCH_MS = 20;

export interface AsyncBenchCase {
  /** Unique across the whole run. */
  readonly name: string;
  /** The case this one is compared with, in the same suite; absent for a baseline. */
  readonly baseline?: string;
  /**
   * Performs `n` operations and resolves when all of them completed. A case
   * with a `latencyMethod` appends one latency per operation (µs) to
   * `latencies`; otherwise the runner uses each batch's mean time per op.
   */
  run(n: number, latencies: number[]): Promise<void>;
  /** How the case measures latency itself, in words. */
  readonly latencyMethod?: string;
  /**
   * The smallest `n` the runner passes (default 1): a case that works in
   * batches (a fetch of 100, 16 producers at once) needs batches at least
   * that big, even when one of them already takes longer than a batch should.
   */
  readonly minBatch?: number;
  /**
   * Untimed work before each timed batch of `n` operations (refilling a
   * queue's backlog, say), so every batch starts from the same state.
   */
  prepare?(n: number): Promise<void>;
}

export interface AsyncBenchSuite {
  readonly kind: 'async';
  readonly name: string;
  readonly description: string;
  readonly cases: ReadonlyArray<AsyncBenchCase>;
  /** Throughput targets, as in the sync harness (contender/baseline ops/s ≥ target). */
  readonly targets: ReadonlyArray<TargetSpec>;
  readonly checks: ReadonlyArray<CheckSpec>;
  /** Opens servers and connections. Nothing is opened before, so a suite filtered out costs nothing. */
  setup(): Promise<void>;
  /** Closes everything setup opened; called even when a case failed. */
  teardown(): Promise<void>;
}

export interface AsyncCaseResult extends CaseResult {
  readonly p95Us: number;
  readonly perRoundP50Us: ReadonlyArray<number>;
  readonly perRoundP95Us: ReadonlyArray<number>;
  readonly perRoundP99Us: ReadonlyArray<number>;
}

export interface AsyncSuiteResult extends SuiteResult {
  readonly cases: ReadonlyArray<AsyncCaseResult>;
  readonly checks: ReadonlyArray<CheckResult>;
}

export function isAsyncSuite(suite: BenchSuite | AsyncBenchSuite): suite is AsyncBenchSuite {
  return 'kind' in suite && suite.kind === 'async';
}

const PER_BATCH = 'per-batch: each timed batch (performance.now) divided by its operation count';

/** Runs `run(n)` for about `durationMs`, doubling n until one batch takes `batchMs`; returns that n. */
async function calibrate(c: AsyncBenchCase, durationMs: number, batchMs: number, startSize: number): Promise<number> {
  const deadline = performance.now() + durationMs;
  let n = startSize;
  for (;;) {
    await c.prepare?.(n);
    const began = performance.now();
    await c.run(n, []);
    const ended = performance.now();
    if (ended - began < batchMs) n *= 2;
    if (ended >= deadline) return n;
  }
}

/**
 * One timed round: whole batches for at least `roundMs` of timed work; ops/s,
 * and the round's latency samples. A case's `prepare` runs outside the timing.
 */
async function timeRound(c: AsyncBenchCase, n: number, roundMs: number): Promise<{ opsPerSec: number; latencies: number[] }> {
  const latencies: number[] = [];
  let ops = 0;
  let elapsed = 0;
  do {
    await c.prepare?.(n);
    const batchStart = performance.now();
    await c.run(n, latencies);
    const batchEnd = performance.now();
    if (c.latencyMethod === undefined) latencies.push(((batchEnd - batchStart) * 1000) / n);
    ops += n;
    elapsed += batchEnd - batchStart;
  } while (elapsed < roundMs);
  return { opsPerSec: ops / (elapsed / 1000), latencies };
}

export async function runAsyncSuite(suite: AsyncBenchSuite, options: RunOptions): Promise<AsyncSuiteResult> {
  // The sync harness's structural checks (names, baselines, targets) apply as they are.
  checkSuite({ ...suite, cases: suite.cases.map((c) => ({ name: c.name, ...(c.baseline === undefined ? {} : { baseline: c.baseline }), op: () => undefined })) });
  const cases = suite.cases;
  await suite.setup();
  try {
    const batchMs = Math.max(options.batchMs, NET_MIN_BATCH_MS);
    const sizes = cases.map((c) => c.minBatch ?? 1);
    for (const round of interleaveOrder(cases.length, 2)) {
      for (const i of round) {
        sizes[i] = await calibrate(cases[i]!, options.warmupMs / 2, batchMs, Math.max(cases[i]!.minBatch ?? 1, Math.floor(sizes[i]! / 2)));
      }
    }
    const perRound: number[][] = cases.map(() => []);
    const latencies: number[][][] = cases.map(() => []);
    for (const round of interleaveOrder(cases.length, options.rounds)) {
      for (const i of round) {
        collectGarbage();
        const timed = await timeRound(cases[i]!, sizes[i]!, options.roundMs);
        perRound[i]!.push(timed.opsPerSec);
        latencies[i]!.push(timed.latencies);
      }
    }
    const results = cases.map((c, i) => caseResult(suite.name, c, perRound[i]!, latencies[i]!));
    return {
      suite: suite.name,
      description: suite.description,
      cases: results,
      ratios: ratiosOf({ name: suite.name, description: suite.description, cases: [], targets: suite.targets }, results),
      checks: evaluateChecks(suite.checks, results),
    };
  } finally {
    await suite.teardown();
  }
}

function caseResult(suite: string, c: AsyncBenchCase, perRound: number[], latencies: number[][]): AsyncCaseResult {
  const all = latencies.flat();
  const pct = (values: number[], p: number): number => (values.length === 0 ? Number.NaN : percentile(values, p));
  return {
    name: c.name,
    suite,
    baseline: c.baseline ?? null,
    opsPerSec: perRound.length === 0 ? Number.NaN : median(perRound),
    perRoundOpsPerSec: perRound,
    p50Us: pct(all, 50),
    p95Us: pct(all, 95),
    p99Us: pct(all, 99),
    perRoundP50Us: latencies.map((l) => pct(l, 50)),
    perRoundP95Us: latencies.map((l) => pct(l, 95)),
    perRoundP99Us: latencies.map((l) => pct(l, 99)),
    latencyMethod: c.latencyMethod ?? PER_BATCH,
  };
}

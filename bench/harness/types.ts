import type { Op } from './measure.js';

/** One measured operation. */
export interface BenchCase {
  /** Unique across the whole run; results.json and `baseline` refer to it. */
  readonly name: string;
  /** The case this one is compared with (in the same suite); absent for a baseline. */
  readonly baseline?: string;
  readonly op: Op;
  /** Encoded size in bytes, for codec cases. */
  readonly bytes?: number;
}

/**
 * A goal for a contender relative to its baseline: `ops_per_sec` ratios are
 * contender/baseline and must be `>=` the target; `bytes` ratios are
 * contender/baseline size and must be `<` the target.
 */
export interface TargetSpec {
  readonly name: string;
  readonly metric: 'ops_per_sec' | 'bytes';
  readonly target: number;
}

/** A hot path with its baseline(s): the cases run interleaved, round by round. */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  readonly cases: ReadonlyArray<BenchCase>;
  readonly targets: ReadonlyArray<TargetSpec>;
}

export interface RunOptions {
  readonly rounds: number;
  /** Time per case per round. */
  readonly roundMs: number;
  readonly warmupMs: number;
  /** A batch (the unit of throughput timing) is sized to take about this long. */
  readonly batchMs: number;
  readonly latencySamplesPerRound: number;
  /** Latency groups are sized to take at least this long, so the timer's cost stays small. */
  readonly minLatencyGroupNs: number;
}

export interface CaseResult {
  readonly name: string;
  readonly suite: string;
  readonly baseline: string | null;
  /** Median over rounds. */
  readonly opsPerSec: number;
  readonly perRoundOpsPerSec: ReadonlyArray<number>;
  readonly p50Us: number;
  readonly p99Us: number;
  /** How p50/p99 were measured, in words. */
  readonly latencyMethod: string;
  readonly bytes?: number;
}

export interface RatioResult {
  readonly name: string;
  readonly baseline: string;
  readonly metric: 'ops_per_sec' | 'bytes';
  readonly ratio: number;
  readonly target?: number;
  readonly comparison?: '>=' | '<';
  readonly met?: boolean;
}

export interface SuiteResult {
  readonly suite: string;
  readonly description: string;
  readonly cases: ReadonlyArray<CaseResult>;
  readonly ratios: ReadonlyArray<RatioResult>;
}

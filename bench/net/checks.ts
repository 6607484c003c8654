/**
 * Targets the sync harness cannot express (its ratios are throughput and
 * size against a case's one baseline): a latency percentile at most some
 * multiple of the baseline's, throughput against a second baseline, and an
 * absolute rate. They are written into results.json next to the
 * harness's ratios, with `target`, `comparison` and `met` like them.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { median, medianRatio } from '../harness/stats.js';
import type { ResultsFile } from '../harness/report.js';
import type { AsyncCaseResult } from './async-suite.js';

export type CheckSpec =
  /** The contender's latency percentile over its baseline's must be `<=` target (median of per-round ratios). */
  | { readonly kind: 'latency'; readonly name: string; readonly percentile: 50 | 99; readonly target: number }
  /**
   * The contender's ops/s over another case's (not its declared baseline: a
   * second baseline) must be `>=` target (median of per-round ratios).
   */
  | { readonly kind: 'throughput'; readonly name: string; readonly against: string; readonly target: number }
  /** The case's median ops/s must be `>=` target, whatever its baseline does. */
  | { readonly kind: 'absolute'; readonly name: string; readonly target: number }
  /** The case's latency percentile over all its rounds, in µs, must be `<` targetUs, whatever its baseline does. */
  | { readonly kind: 'latency-max'; readonly name: string; readonly percentile: 50 | 95 | 99; readonly targetUs: number };

export type CheckResult =
  | {
      readonly name: string;
      readonly baseline: string;
      readonly metric: 'p50_us' | 'p99_us';
      readonly ratio: number;
      readonly target: number;
      readonly comparison: '<=';
      readonly met: boolean;
    }
  | {
      readonly name: string;
      readonly baseline: string;
      readonly metric: 'ops_per_sec';
      readonly ratio: number;
      readonly target: number;
      readonly comparison: '>=';
      readonly met: boolean;
    }
  | {
      readonly name: string;
      readonly baseline: null;
      readonly metric: 'ops_per_sec';
      readonly value: number;
      readonly target: number;
      readonly comparison: '>=';
      readonly met: boolean;
    }
  | {
      readonly name: string;
      readonly baseline: null;
      readonly metric: 'p50_us' | 'p95_us' | 'p99_us';
      readonly value: number;
      readonly target: number;
      readonly comparison: '<';
      readonly met: boolean;
    };

/** Per-round ratios are matched by round, as the harness does for throughput, so a machine that slows down between rounds does not skew them. */
export function evaluateChecks(checks: ReadonlyArray<CheckSpec>, results: ReadonlyArray<AsyncCaseResult>): CheckResult[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return checks.map((check): CheckResult => {
    const contender = byName.get(check.name);
    if (contender === undefined) throw new RangeError(`check names an unknown case: ${check.name}`);
    if (check.kind === 'latency-max') {
      const value = check.percentile === 50 ? contender.p50Us : check.percentile === 95 ? contender.p95Us : contender.p99Us;
      const metric = check.percentile === 50 ? 'p50_us' : check.percentile === 95 ? 'p95_us' : 'p99_us';
      return { name: check.name, baseline: null, metric, value, target: check.targetUs, comparison: '<', met: value < check.targetUs };
    }
    if (check.kind === 'absolute') {
      const value = contender.opsPerSec;
      return { name: check.name, baseline: null, metric: 'ops_per_sec', value, target: check.target, comparison: '>=', met: value >= check.target };
    }
    if (check.kind === 'throughput') {
      const other = byName.get(check.against);
      if (other === undefined) throw new RangeError(`throughput check on ${check.name} against an unknown case: ${check.against}`);
      const ratio = medianRatio(contender.perRoundOpsPerSec, other.perRoundOpsPerSec);
      return { name: check.name, baseline: other.name, metric: 'ops_per_sec', ratio, target: check.target, comparison: '>=', met: ratio >= check.target };
    }
    const base = contender.baseline === null ? undefined : byName.get(contender.baseline);
    if (base === undefined) throw new RangeError(`latency check on ${check.name}, which has no baseline`);
    const pick = (r: AsyncCaseResult): ReadonlyArray<number> => (check.percentile === 99 ? r.perRoundP99Us : r.perRoundP50Us);
    const mine = pick(contender);
    const theirs = pick(base);
    if (mine.length !== theirs.length || mine.length === 0) throw new RangeError(`latency check on ${check.name}: round counts differ or are zero`);
    const ratio = median(mine.map((value, r) => value / theirs[r]!));
    return {
      name: check.name,
      baseline: base.name,
      metric: check.percentile === 99 ? 'p99_us' : 'p50_us',
      ratio,
      target: check.target,
      comparison: '<=',
      met: ratio <= check.target,
    };
  });
}

const round = (value: number): number => Number(value.toFixed(3));

export function formatCheck(check: CheckResult): string {
  const verdict = check.met ? 'met' : 'NOT MET';
  if (check.baseline === null && check.metric !== 'ops_per_sec') {
    return `${check.name}: ${check.metric} ${Math.round(check.value).toLocaleString('en-US')} us, target < ${check.target.toLocaleString('en-US')} us  ${verdict}`;
  }
  if (check.baseline === null) {
    return `${check.name}: ${Math.round(check.value).toLocaleString('en-US')} ops/s, target >= ${check.target.toLocaleString('en-US')}  ${verdict}`;
  }
  return `${check.name} vs ${check.baseline}: ${check.metric} ratio ${check.ratio.toFixed(2)}x, target ${check.comparison} ${round(check.target)}  ${verdict}`;
}

/** results.json with the checks among its ratios. */
export type ResultsFileWithChecks = Omit<ResultsFile, 'ratios'> & {
  readonly ratios: ReadonlyArray<ResultsFile['ratios'][number] | CheckResult>;
};

export function withChecks(file: ResultsFile, checks: ReadonlyArray<CheckResult>): ResultsFileWithChecks {
  const rounded = checks.map((c) => (c.baseline === null ? { ...c, value: Math.round(c.value) } : { ...c, ratio: round(c.ratio) }));
  return { ...file, ratios: [...file.ratios, ...rounded] };
}

/** One line per missed target, whatever its kind, for the run's closing summary. */
export function describeMissed(r: ResultsFileWithChecks['ratios'][number]): string {
  if ('value' in r) return `${r.name} (${r.metric}) ${r.value}, target ${r.comparison} ${r.target}`;
  return `${r.name} vs ${r.baseline} (${r.metric}) ${r.ratio}x, target ${r.comparison} ${r.target}`;
}

/** As the harness's writeResultsFile (through a temporary file, so a reader never sees half a file), for the wider ratio list. */
export function writeResultsWithChecks(path: string, file: ResultsFileWithChecks): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(tmp, path);
}

/** The checks of one suite, for the printed summary ('' when it has none). */
export function formatChecks(checks: ReadonlyArray<CheckResult>): string {
  return checks.length === 0 ? '' : `\nchecks:\n${checks.map((c) => `  ${formatCheck(c)}`).join('\n')}\n`;
}

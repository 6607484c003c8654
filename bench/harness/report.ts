/** Turns suite results into the stdout table and bench/results.json. */
import { renameSync, writeFileSync } from 'node:fs';
import type { MachineInfo } from './machine.js';
import type { CaseResult, RatioResult, RunOptions, SuiteResult } from './types.js';

export interface ResultsFile {
  readonly results: ReadonlyArray<{
    readonly name: string;
    readonly suite: string;
    readonly ops_per_sec: number;
    readonly p50_us: number;
    /** Only from suites that measure it (the async harness). */
    readonly p95_us?: number;
    readonly p99_us: number;
    /** Another entry's name, or null for a baseline. */
    readonly baseline: string | null;
    readonly latency_method: string;
    readonly bytes?: number;
  }>;
  readonly ratios: ReadonlyArray<{
    readonly name: string;
    readonly baseline: string;
    readonly metric: 'ops_per_sec' | 'bytes';
    readonly ratio: number;
    readonly target?: number;
    readonly comparison?: '>=' | '<';
    readonly met?: boolean;
  }>;
  readonly machine: MachineInfo;
  readonly settings: {
    readonly rounds: number;
    readonly round_ms: number;
    readonly warmup_ms: number;
    readonly batch_ms: number;
    readonly latency_samples_per_round: number;
    readonly min_latency_group_ns: number;
    readonly quick: boolean;
    readonly filter: string | null;
  };
  readonly date: string;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** The p95 of a case whose harness measured one (the async harness does; the sync one does not). */
function p95Of(c: CaseResult): number | undefined {
  const value = (c as CaseResult & { readonly p95Us?: unknown }).p95Us;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function buildResultsFile(
  suites: ReadonlyArray<SuiteResult>,
  machine: MachineInfo,
  run: RunOptions & { readonly quick: boolean; readonly filter: string | null },
  date: Date,
): ResultsFile {
  const settings = {
    rounds: run.rounds,
    round_ms: run.roundMs,
    warmup_ms: run.warmupMs,
    batch_ms: run.batchMs,
    latency_samples_per_round: run.latencySamplesPerRound,
    min_latency_group_ns: run.minLatencyGroupNs,
    quick: run.quick,
    filter: run.filter,
  };
  return {
    results: suites.flatMap((s) =>
      s.cases.map((c) => ({
        name: c.name,
        suite: c.suite,
        ops_per_sec: Math.round(c.opsPerSec),
        p50_us: round(c.p50Us, 3),
        ...(p95Of(c) === undefined ? {} : { p95_us: round(p95Of(c)!, 3) }),
        p99_us: round(c.p99Us, 3),
        baseline: c.baseline,
        latency_method: c.latencyMethod,
        ...(c.bytes === undefined ? {} : { bytes: c.bytes }),
      })),
    ),
    ratios: suites.flatMap((s) => s.ratios.map((r) => ({ ...r, ratio: round(r.ratio, 3) }))),
    machine,
    settings,
    date: date.toISOString(),
  };
}

/** Writes through a temporary file so a reader never sees half a results file. */
export function writeResultsFile(path: string, file: ResultsFile): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(tmp, path);
}

function formatOps(ops: number): string {
  return Math.round(ops).toLocaleString('en-US');
}

function table(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: ReadonlyArray<string>): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function verdict(r: RatioResult): string {
  if (r.target === undefined) return '';
  return `${r.comparison} ${r.target}  ${r.met ? 'met' : 'NOT MET'}`;
}

/** A readable summary of one suite: a row per case, then its ratios. */
export function formatSuite(s: SuiteResult): string {
  // A p95 column only where the harness measured one, so the other tables keep their shape.
  const withP95 = s.cases.some((c) => p95Of(c) !== undefined);
  const caseRows = s.cases.map((c) => [
    c.name,
    formatOps(c.opsPerSec),
    c.p50Us.toFixed(3),
    ...(withP95 ? [p95Of(c)?.toFixed(3) ?? ''] : []),
    c.p99Us.toFixed(3),
    c.bytes === undefined ? '' : String(c.bytes),
    c.baseline ?? '(baseline)',
  ]);
  const ratioRows = s.ratios.map((r) => [`${r.name} vs ${r.baseline}`, r.metric, `${r.ratio.toFixed(2)}x`, verdict(r)]);
  const methods = [...new Set(s.cases.map((c) => `  ${c.name}: ${c.latencyMethod}`))];
  return [
    `## ${s.suite}: ${s.description}`,
    table(['case', 'ops/s (median)', 'p50 us', ...(withP95 ? ['p95 us'] : []), 'p99 us', 'bytes', 'baseline'], caseRows),
    '',
    table(['ratio (median of per-round ratios)', 'metric', 'ratio', 'target'], ratioRows),
    '',
    'latency:',
    ...methods,
  ].join('\n');
}

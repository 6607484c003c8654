/**
 * `npm run bench`: runs every hot-path benchmark with its baseline interleaved
 * in the same run, prints a table and writes bench/results.json.
 *
 *   node dist/bench/run.js [--quick] [--filter <text>]
 *
 * Node's --expose-gc (e.g. NODE_OPTIONS=--expose-gc) makes the harness collect
 * garbage between timed sections. Exit code: 0 when every selected suite ran
 * (targets missed are reported, not fatal: one noisy run should not fail a
 * build), 1 when a suite could not be set up or failed while running (a
 * network suite whose messages stop arriving), 2 on bad arguments.
 */
import { join } from 'node:path';
import { isTypewireError } from '../runtime/errors/typewire-error.js';
import { machineInfo } from './harness/machine.js';
import { parseBenchArgs, type BenchCliOptions } from './harness/options.js';
import { packageRoot } from './harness/paths.js';
import { buildResultsFile, formatSuite } from './harness/report.js';
import { runSuite } from './harness/run-suite.js';
import type { BenchSuite, SuiteResult } from './harness/types.js';
import { isAsyncSuite, runAsyncSuite, type AsyncBenchSuite } from './net/async-suite.js';
import { describeMissed, formatChecks, withChecks, writeResultsWithChecks, type CheckResult } from './net/checks.js';

interface SuiteEntry {
  readonly name: string;
  readonly create: () => Promise<BenchSuite | AsyncBenchSuite>;
}

// Dynamic imports: a suite whose dependencies are missing fails alone, not the whole run.
const SUITES: ReadonlyArray<SuiteEntry> = [
  { name: 'codec', create: async () => (await import('./codec.bench.js')).createCodecSuite() },
  { name: 'validation', create: async () => (await import('./validation.bench.js')).createValidationSuite() },
  { name: 'bus', create: async () => (await import('./bus.bench.js')).createBusSuite() },
  // Network suites open their sockets in setup(), only when selected.
  { name: 'net-tcp', create: async () => (await import('./net/net.bench.js')).createNetTcpSuite() },
  { name: 'net-ws', create: async () => (await import('./net/net.bench.js')).createNetWsSuite() },
  // One worker thread per configuration, started in setup(), only when selected.
  { name: 'observability', create: async () => (await import('./observability.bench.js')).createObservabilitySuite() },
  // A fresh database on the local PostgreSQL and a PGlite instance, opened in setup(), only when selected.
  { name: 'queue', create: async () => (await import('./queue/queue.bench.js')).createQueueSuite() },
  // Watchers on a temporary directory, opened in setup(), only when selected.
  { name: 'config-reload', create: async () => (await import('./config-reload.bench.js')).createConfigReloadSuite() },
];

function selected(suite: { readonly name: string; readonly cases: ReadonlyArray<{ readonly name: string }> }, filter: string | undefined): boolean {
  return filter === undefined || suite.name.includes(filter) || suite.cases.some((c) => c.name.includes(filter));
}

async function main(argv: ReadonlyArray<string>): Promise<number> {
  let options: BenchCliOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    console.error(isTypewireError(error) ? `${error.code}: ${error.message}` : error);
    return 2;
  }
  const { run, filter } = options;
  const results: SuiteResult[] = [];
  const checks: CheckResult[] = [];
  let failures = 0;
  for (const entry of SUITES) {
    let suite: BenchSuite | AsyncBenchSuite;
    try {
      suite = await entry.create();
    } catch (error) {
      // A filtered-out suite that cannot even be set up is not this run's problem.
      if (filter !== undefined && !entry.name.includes(filter)) continue;
      failures++;
      console.error(`\n## ${entry.name}: could not be set up\n`, error);
      continue;
    }
    if (!selected(suite, filter)) continue;
    const started = Date.now();
    let result: SuiteResult;
    let suiteChecks: ReadonlyArray<CheckResult> = [];
    try {
      if (isAsyncSuite(suite)) {
        const asyncResult = await runAsyncSuite(suite, run);
        result = asyncResult;
        suiteChecks = asyncResult.checks;
      } else {
        result = runSuite(suite, run);
      }
    } catch (error) {
      failures++;
      console.error(`\n## ${entry.name}: failed while running\n`, error);
      continue;
    }
    results.push(result);
    checks.push(...suiteChecks);
    console.log(`\n${formatSuite(result)}\n${formatChecks(suiteChecks)}(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  if (results.length === 0 && failures === 0) {
    console.error(`no benchmark matches --filter ${JSON.stringify(filter)} (suites: ${SUITES.map((s) => s.name).join(', ')})`);
    return 2;
  }
  const path = join(packageRoot(import.meta.url), 'bench', 'results.json');
  const file = withChecks(buildResultsFile(results, machineInfo(), { ...run, quick: options.quick, filter: filter ?? null }, new Date()), checks);
  writeResultsWithChecks(path, file);
  const missed = file.ratios.filter((r) => r.met === false);
  console.log(`\nwrote ${path}: ${file.results.length} results, ${file.ratios.filter((r) => r.met).length} targets met, ${missed.length} missed`);
  for (const r of missed) console.log(`  missed: ${describeMissed(r)}`);
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));

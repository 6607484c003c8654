/**
 * Config hot-reload latency: how long after a save of typewire.yaml returns
 * the new, validated configuration is in force (issue 5 asks for < 100 ms).
 *
 * One operation rewrites the file with the other `logging.level` (info and
 * debug alternate) and waits for the probe to deliver it; its latency is from
 * the write returning to the delivery. typewire (`watchConfig` + the host's
 * `applyReload` on a logger) and the baseline (`fs.watch` + read +
 * `YAML.parse`, nothing else) each own a folder of one temporary directory,
 * so neither sees the other's saves; both are measured for an atomic save
 * (temporary file renamed over the target) and an in-place one. Cases run
 * interleaved, round by round, as every suite here.
 *
 * typewire's figure includes its 25 ms debounce by design (one reload per
 * burst of editor events); the baseline has none, so the ratio mostly shows
 * what the debounce and validation cost, and the check is the absolute one.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AsyncBenchCase, AsyncBenchSuite } from './net/async-suite.js';
import type { CheckSpec } from './net/checks.js';
import { configText, otherLevel, saveConfig, type BenchLevel, type WriteMode } from './config/reload-files.js';
import { FsWatchReloadProbe, TypewireReloadProbe, type ReloadProbe } from './config/reload-probes.js';

/** Issue 5: a reload takes under 100 ms; checked on p99, in µs as the async harness counts. */
export const RELOAD_P99_TARGET_US = 100_000;

/** A delivery slower than this is not slow but lost; the suite fails rather than hang. */
const DELIVERY_TIMEOUT_MS = 2_000;

const MODES: ReadonlyArray<WriteMode> = ['atomic', 'in-place'];

export function caseName(side: 'typewire' | 'fs.watch', mode: WriteMode): string {
  return side === 'typewire' ? `config reload: typewire watchConfig, ${mode} save` : `config reload: raw fs.watch+YAML.parse, ${mode} save`;
}

/** One probe watching one file; the level it holds flips with every save. */
class ReloadTarget {
  private level: BenchLevel = 'info';

  constructor(
    readonly probe: ReloadProbe,
    readonly file: string,
    private readonly mode: WriteMode,
  ) {}

  async open(): Promise<void> {
    saveConfig(this.file, configText(this.level), 'in-place');
    await this.probe.open(this.file, this.level);
  }

  /** Saves the other level and waits for it: one latency sample (µs) per save. */
  async saves(n: number, latencies: number[]): Promise<void> {
    for (let i = 0; i < n; i++) {
      this.level = otherLevel(this.level);
      // Waiting starts before the write, so a fast delivery cannot slip by.
      const delivered = this.probe.waitFor(this.level, DELIVERY_TIMEOUT_MS);
      saveConfig(this.file, configText(this.level), this.mode);
      const written = performance.now();
      const at = await delivered;
      latencies.push(Math.max(0, at - written) * 1000);
    }
  }
}

export function createConfigReloadSuite(): AsyncBenchSuite {
  let root: string | undefined;
  const targets = new Map<string, ReloadTarget>();
  const cases: AsyncBenchCase[] = MODES.flatMap((mode) => {
    const target = (side: 'typewire' | 'fs.watch'): ReloadTarget => {
      const found = targets.get(caseName(side, mode));
      if (found === undefined) throw new Error(`config-reload suite: ${caseName(side, mode)} ran before setup`);
      return found;
    };
    const method = 'per-op: from the synchronous save returning to the probe delivering the new logging.level (performance.now)';
    return [
      { name: caseName('fs.watch', mode), latencyMethod: method, run: async (n, latencies) => target('fs.watch').saves(n, latencies) },
      {
        name: caseName('typewire', mode),
        baseline: caseName('fs.watch', mode),
        latencyMethod: `${method}; includes the 25 ms debounce, validation and applyReload on a logger`,
        run: async (n, latencies) => target('typewire').saves(n, latencies),
      },
    ];
  });
  const checks: CheckSpec[] = MODES.map((mode) => ({ kind: 'latency-max', name: caseName('typewire', mode), percentile: 99, targetUs: RELOAD_P99_TARGET_US }));

  return {
    kind: 'async',
    name: 'config-reload',
    description:
      'time from saving typewire.yaml to the validated logging.level applied (watchConfig + applyReload, 25 ms debounce included) vs fs.watch + readFile + YAML.parse (no validation, no debounce); atomic and in-place saves; target p99 < 100 ms',
    cases,
    targets: [],
    checks,
    async setup() {
      root = mkdtempSync(join(tmpdir(), 'typewire-bench-reload-'));
      for (const mode of MODES) {
        for (const side of ['typewire', 'fs.watch'] as const) {
          const dir = join(root, `${side}-${mode}`);
          mkdirSync(dir);
          const probe = side === 'typewire' ? new TypewireReloadProbe() : new FsWatchReloadProbe();
          const target = new ReloadTarget(probe, join(dir, 'typewire.yaml'), mode);
          // Registered before opening, so teardown closes it even if opening fails halfway.
          targets.set(caseName(side, mode), target);
          await target.open();
        }
      }
    },
    async teardown() {
      for (const target of targets.values()) target.probe.close();
      targets.clear();
      if (root !== undefined) rmSync(root, { recursive: true, force: true });
      root = undefined;
    },
  };
}

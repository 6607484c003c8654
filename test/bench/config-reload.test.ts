import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseName, createConfigReloadSuite, RELOAD_P99_TARGET_US } from '../../bench/config-reload.bench.js';
import { checkSuite } from '../../bench/harness/run-suite.js';
import { configText, saveConfig } from '../../bench/config/reload-files.js';
import { FsWatchReloadProbe, TypewireReloadProbe } from '../../bench/config/reload-probes.js';
import { parseConfig } from '../../runtime/config/load-config.js';

// Real saves on a temporary folder, a few per case; nothing here looks at speed.
describe('the config-reload suite', () => {
  it('pairs each typewire case with its fs.watch baseline and checks p99 < 100 ms on each', () => {
    const suite = createConfigReloadSuite();
    checkSuite({ ...suite, cases: suite.cases.map((c) => ({ name: c.name, ...(c.baseline ? { baseline: c.baseline } : {}), op: () => undefined })) });
    for (const mode of ['atomic', 'in-place'] as const) {
      expect(suite.cases.find((c) => c.name === caseName('typewire', mode))?.baseline).toBe(caseName('fs.watch', mode));
      expect(suite.checks).toContainEqual({ kind: 'latency-max', name: caseName('typewire', mode), percentile: 99, targetUs: RELOAD_P99_TARGET_US });
    }
    expect(RELOAD_P99_TARGET_US).toBe(100_000);
  });

  it('writes a file typewire accepts, at either level', () => {
    expect(parseConfig(configText('debug'), { env: {} }).logging.level).toBe('debug');
    expect(parseConfig(configText('info'), { env: {} }).logging.level).toBe('info');
  });

  it('measures one latency per save after setup, and cleans up at teardown', async () => {
    const suite = createConfigReloadSuite();
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('typewire-bench-reload-'));
    await suite.setup();
    try {
      for (const c of suite.cases) {
        const latencies: number[] = [];
        await c.run(3, latencies);
        expect(latencies).toHaveLength(3);
        // typewire waits out its debounce (25 ms, timers may fire ~1 ms early); the baseline does not wait at all.
        if (c.name.includes('typewire')) for (const us of latencies) expect(us).toBeGreaterThanOrEqual(20_000);
      }
    } finally {
      await suite.teardown();
    }
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('typewire-bench-reload-'))).toEqual(before);
    await expect(suite.cases[0]!.run(1, [])).rejects.toThrow(/before setup/);
  }, 20_000);
});

describe('reload probes', () => {
  it('typewire refuses an invalid save: the wait fails with CONFIG_INVALID instead of timing a reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'typewire-probe-'));
    const file = join(dir, 'typewire.yaml');
    const probe = new TypewireReloadProbe();
    try {
      writeFileSync(file, configText('info'));
      await probe.open(file, 'info');
      const waiting = probe.waitFor('debug', 2_000);
      saveConfig(file, 'logging:\n  level: debug\nserver:\n  port: high\n', 'atomic');
      await expect(waiting).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      probe.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a pending wait on close, and times out when nothing is saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'typewire-probe-'));
    const file = join(dir, 'typewire.yaml');
    const probe = new FsWatchReloadProbe();
    try {
      writeFileSync(file, configText('info'));
      await probe.open(file);
      await expect(probe.waitFor('debug', 50)).rejects.toMatchObject({ code: 'TIMEOUT_REQUEST' });
      const pending = probe.waitFor('debug', 2_000);
      probe.close();
      await expect(pending).rejects.toThrow(/closed/);
    } finally {
      probe.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, runCli } from '../helpers/run-cli.js';
import { startServe } from '../helpers/serve-process.js';
import { writeServeProject } from '../helpers/serve-fixture.js';

let project: { dir: string; config: string };
beforeAll(() => {
  assertBuilt();
  project = writeServeProject();
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

describe('typewire serve', () => {
  it('serves the configured services, answers /healthz, /api/status and the page, and exits 0 on SIGTERM', { timeout: 30_000 }, async () => {
    const serve = await startServe(project.config);
    const { ready } = serve;
    try {
      expect(ready.tcp).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.services).toEqual(['orders']);
      expect(ready.msg).toContain(ready.admin);
      expect((await fetch(`${ready.admin}/healthz`)).status).toBe(200);
      expect((await fetch(`${ready.admin}/readyz`)).status).toBe(200);
      const status = (await (await fetch(`${ready.admin}/api/status`)).json()) as { source: string; store: string; connections: number };
      expect(status).toMatchObject({ source: 'serve-test', store: 'memory', connections: 0 });
      const page = await (await fetch(`${ready.admin}/`)).text();
      expect(page).toContain('/api/status');
      expect(await (await fetch(`${ready.admin}/metrics`)).text()).toMatch(/typewire_connections/);
    } finally {
      expect(await serve.stop('SIGTERM'), serve.output()).toBe(0);
    }
    expect(serve.output()).toMatch(/SIGTERM, draining/);
  });

  it('takes a new logging.level from the file without a restart, and exits 0 on SIGINT', { timeout: 30_000 }, async () => {
    const file = join(project.dir, 'reload.yaml');
    writeFileSync(file, readFileSync(project.config, 'utf8'));
    const serve = await startServe(file);
    try {
      writeFileSync(file, readFileSync(project.config, 'utf8').replace('level: info', 'level: warn').replace('source: serve-test', 'source: renamed'));
      const started = Date.now();
      while (!serve.output().includes('logging.level is now warn') && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
      expect(serve.output()).toContain('logging.level is now warn');
      expect(serve.output()).toMatch(/\/runtime\/source changed; restart to apply/);
    } finally {
      expect(await serve.stop('SIGINT'), serve.output()).toBe(0);
    }
    // At warn, the info line about draining is no longer written.
    expect(serve.output()).not.toMatch(/SIGINT, draining/);
  });

  it('exits 1 with CONFIG_INVALID naming the key for a bad configuration', () => {
    const bad = join(project.dir, 'bad.yaml');
    writeFileSync(bad, 'server:\n  port: lots\n');
    const result = runCli(['serve', '--config', bad]);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: .*server/m);
  });

  it('exits 1 with CONFIG_INVALID when a module exports no service definition (JSON with --json)', () => {
    const file = join(project.dir, 'wrong-module.yaml');
    writeFileSync(file, 'server: { host: 127.0.0.1, port: 0 }\nmetrics: { port: 0 }\nservices:\n  - name: orders\n    module: ./not-a-service.mjs\n');
    const result = runCli(['serve', '--config', file, '--json']);
    expect(result.status, describeRun(result)).toBe(1);
    expect(JSON.parse(result.stdout.slice(result.stdout.indexOf('{\n')))).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID', details: { pointer: '/services/0/module' } } });
  });

  it('exits 1 with NOT_FOUND_FILE for a missing configuration file', () => {
    const result = runCli(['serve', '--config', join(project.dir, 'nope.yaml')]);
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error NOT_FOUND_FILE: /m);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigErrorDetails, ConfigProblem } from '../../../runtime/config/config-problems.js';
import { defaultConfig, loadConfig, parseConfig } from '../../../runtime/config/load-config.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';

/** The problems of the CONFIG_INVALID error `fn` throws (fails the test if it throws anything else). */
function problemsOf(fn: () => unknown): ReadonlyArray<ConfigProblem> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TypewireError);
    expect((error as TypewireError).code).toBe('CONFIG_INVALID');
    return ((error as TypewireError).details as ConfigErrorDetails).problems;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('parseConfig defaults', () => {
  it('fills every section from an empty file', () => {
    const config = parseConfig('', { env: {} });
    expect(config.server).toEqual({ port: 7420, host: '0.0.0.0', maxConnections: 10_000, maxFrameBytes: 16 * 1024 * 1024, heartbeatMs: 30_000, idleTimeoutMs: 90_000 });
    expect(config.runtime).toEqual({ source: 'typewire', codec: 'msgpack' });
    expect(config.logging).toEqual({ level: 'info' });
    expect(config.metrics).toEqual({ enabled: true, host: '127.0.0.1', port: 9464, path: '/metrics' });
    expect(config.services).toEqual([]);
    expect(config.queues).toEqual({ store: 'memory' });
    expect(defaultConfig()).toEqual(config);
  });

  it('keeps what the file sets and fills the rest of the same section', () => {
    const config = parseConfig('server:\n  port: 8080\nlogging:\n  file:\n    path: logs/app.log\n', { env: {} });
    expect(config.server.port).toBe(8080);
    expect(config.server.heartbeatMs).toBe(30_000);
    expect(config.logging.file).toEqual({ path: 'logs/app.log', maxBytes: 10 * 1024 * 1024, maxFiles: 5 });
  });

  it('returns a frozen object', () => {
    const config = parseConfig('services:\n  - { name: orders, module: ./orders.js }\n', { env: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.services[0])).toBe(true);
  });
});

describe('parseConfig environment substitution', () => {
  it('substitutes and turns whole-value numbers and booleans into their types', () => {
    const text = 'server:\n  port: ${PORT}\n  host: ${HOST:-127.0.0.1}\nmetrics:\n  enabled: ${METRICS}\nqueues:\n  store: postgres\n  url: postgres://${DB_USER}@db/app\n';
    const config = parseConfig(text, { env: { PORT: '9000', METRICS: 'false', DB_USER: 'svc' } });
    expect(config.server.port).toBe(9000);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.metrics.enabled).toBe(false);
    expect(config.queues.url).toBe('postgres://svc@db/app');
  });

  it('keeps a substituted string a string where the schema wants one', () => {
    expect(parseConfig('runtime:\n  source: ${SRC}\n', { env: { SRC: '42' } }).runtime.source).toBe('42');
  });

  it('does not convert a number written as a quoted string in the file', () => {
    expect(problemsOf(() => parseConfig('server:\n  port: "7420"\n', { env: {} }))).toEqual([
      expect.objectContaining({ pointer: '/server/port', reason: 'must be integer', line: 2 }),
    ]);
  });

  it('names the key and the variable when a variable is unset, and does not pile schema errors on it', () => {
    const problems = problemsOf(() => parseConfig('server:\n  port: ${PORT}\n', { env: {} }));
    expect(problems).toEqual([expect.objectContaining({ pointer: '/server/port', variable: 'PORT', line: 2 })]);
  });

  it('reports an environment value that is not a number where one is needed', () => {
    const problems = problemsOf(() => parseConfig('server:\n  port: ${PORT}\n', { env: { PORT: '80a' } }));
    expect(problems).toEqual([expect.objectContaining({ pointer: '/server/port' })]);
    expect(problems[0]?.reason).toContain('"80a"');
  });
});

describe('parseConfig errors', () => {
  it('reports YAML syntax errors with a line', () => {
    const problems = problemsOf(() => parseConfig('server:\n  port: [1, 2\n', { env: {} }));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.pointer).toBe('');
    expect(problems[0]?.reason).toMatch(/^YAML: /);
    expect(problems[0]?.line).toBeGreaterThan(0);
  });

  it('reports duplicate keys (a YAML error) rather than keeping one silently', () => {
    expect(problemsOf(() => parseConfig('server:\n  port: 1\n  port: 2\n', { env: {} }))[0]?.reason).toMatch(/^YAML: /);
  });

  it('names an unknown key and suggests the likely one', () => {
    const problems = problemsOf(() => parseConfig('server:\n  prot: 1\n', { env: {} }));
    expect(problems).toEqual([{ pointer: '/server/prot', reason: 'is not a known setting (did you mean "port"?)', line: 2, column: 9 }]);
  });

  it('reports wrong types, enum values, ranges and patterns with their pointers', () => {
    const text = ['runtime:', '  codec: xml', 'server:', '  port: 70000', '  heartbeatMs: fast', 'metrics:', '  path: metrics'].join('\n');
    const problems = problemsOf(() => parseConfig(text, { env: {} }));
    expect(problems.map((p) => [p.pointer, p.line])).toEqual([
      ['/runtime/codec', 2],
      ['/server/port', 4],
      ['/server/heartbeatMs', 5],
      ['/metrics/path', 7],
    ]);
    expect(problems[0]?.reason).toBe('must be one of: msgpack, json');
    expect(problems[1]?.reason).toBe('must be <= 65535');
    expect(problems[2]?.reason).toBe('must be integer');
    expect(problems[3]?.reason).toMatch(/must match pattern/);
  });

  it('reports missing required keys at the pointer of the missing key', () => {
    const problems = problemsOf(() => parseConfig('logging:\n  file:\n    maxFiles: 3\nservices:\n  - name: orders\n', { env: {} }));
    expect(problems.map((p) => [p.pointer, p.reason])).toEqual([
      ['/logging/file/path', 'is required'],
      ['/services/0/module', 'is required'],
    ]);
  });

  it('requires a url for the postgres store only', () => {
    expect(problemsOf(() => parseConfig('queues:\n  store: postgres\n', { env: {} })).map((p) => p.pointer)).toEqual(['/queues/url']);
    expect(parseConfig('queues:\n  store: memory\n', { env: {} }).queues.store).toBe('memory');
  });

  it('refuses a service listed twice', () => {
    const text = 'services:\n  - { name: orders, module: ./a.js }\n  - { name: orders, module: ./b.js }\n';
    expect(problemsOf(() => parseConfig(text, { env: {} }))).toEqual([expect.objectContaining({ pointer: '/services/1/name', line: 3 })]);
  });

  it('refuses a file whose top level is not a mapping', () => {
    expect(problemsOf(() => parseConfig('- a\n- b\n', { env: {} }))).toEqual([expect.objectContaining({ pointer: '', reason: 'must be object' })]);
  });

  it('lists every problem in details and summarizes them in the message', () => {
    let error: TypewireError | undefined;
    try {
      parseConfig('server:\n  port: -1\n  host: ""\nlogging:\n  level: loud\n', { env: {}, file: 'typewire.yaml' });
    } catch (e) {
      error = e as TypewireError;
    }
    const details = error?.details as ConfigErrorDetails;
    expect(details.file).toBe('typewire.yaml');
    expect(details.problems.map((p) => p.pointer)).toEqual(['/server/port', '/server/host', '/logging/level']);
    expect(error?.message).toMatch(/^configuration typewire\.yaml is invalid: \/server\/port \(line 2\): must be >= 0; /);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'typewire-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and validates a file, naming it in errors', async () => {
    const file = join(dir, 'typewire.yaml');
    writeFileSync(file, 'server:\n  port: ${P}\n');
    expect((await loadConfig(file, { env: { P: '1234' } })).server.port).toBe(1234);
    writeFileSync(file, 'server:\n  port: nope\n');
    await expect(loadConfig(file, { env: {} })).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { file } });
  });

  it('throws NOT_FOUND_FILE for a missing file', async () => {
    await expect(loadConfig(join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'NOT_FOUND_FILE' });
  });
});

import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchConfig, type ConfigReload, type ConfigWatcher } from '../../../runtime/config/watch-config.js';
import type { TypewireError } from '../../../runtime/errors/typewire-error.js';

/** Resolves with the next value pushed to it (a callback turned into something to await). */
function nextOf<T>(): { push: (value: T) => void; next: () => Promise<T> } {
  const values: T[] = [];
  const waiters: Array<(value: T) => void> = [];
  return {
    push: (value) => {
      const waiter = waiters.shift();
      if (waiter) waiter(value);
      else values.push(value);
    },
    next: () => (values.length > 0 ? Promise.resolve(values.shift() as T) : new Promise<T>((resolve) => waiters.push(resolve))),
  };
}

/** Handles that keep the process alive, by kind (only ref'd ones are listed, hence `persistent: true` below). */
function handles(kind: string): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
}

describe('watchConfig', () => {
  let dir: string;
  let file: string;
  let watcher: ConfigWatcher | undefined;
  const env = { PORT: '7000' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'typewire-watch-'));
    file = join(dir, 'typewire.yaml');
    writeFileSync(file, 'logging:\n  level: info\nserver:\n  port: ${PORT}\n');
  });

  afterEach(() => {
    watcher?.close();
    watcher = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the file first, with substitution and defaults', async () => {
    watcher = await watchConfig(file, () => {}, { env });
    expect(watcher.config.server.port).toBe(7000);
    expect(watcher.config.metrics.path).toBe('/metrics');
  });

  it('refuses to start on an invalid file', async () => {
    writeFileSync(file, 'server:\n  port: high\n');
    await expect(watchConfig(file, () => {}, { env })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('applies a good change and says which keys are hot and which need a restart', async () => {
    const changes: ConfigReload[] = [];
    watcher = await watchConfig(file, (reload) => changes.push(reload), { env, onError: () => {} });
    const before = watcher.config;
    writeFileSync(file, 'logging:\n  level: debug\nserver:\n  port: 7001\n');
    const outcome = await watcher.check();
    expect(outcome.status).toBe('applied');
    expect(changes).toHaveLength(1);
    expect(changes[0]?.previous).toBe(before);
    expect(changes[0]?.diff.hot).toEqual(['/logging/level']);
    expect(changes[0]?.diff.restart).toEqual(['/server/port']);
    expect(watcher.config.logging.level).toBe('debug');
  });

  it('refuses a bad file, keeps the old configuration and reports the coded error once', async () => {
    const errors: TypewireError[] = [];
    const changes: ConfigReload[] = [];
    watcher = await watchConfig(file, (reload) => changes.push(reload), { env, onError: (e) => errors.push(e) });
    const before = watcher.config;
    writeFileSync(file, 'logging:\n  level: loud\n');
    const outcome = await watcher.check();
    expect(outcome.status).toBe('refused');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('CONFIG_INVALID');
    expect(errors[0]?.details).toMatchObject({ problems: [{ pointer: '/logging/level' }] });
    expect(watcher.config).toBe(before);
    expect(changes).toEqual([]);
    // The same bad content again is not reported again; a fixed file applies.
    expect((await watcher.check()).status).toBe('unchanged');
    expect(errors).toHaveLength(1);
    writeFileSync(file, 'logging:\n  level: warn\nserver:\n  port: 7000\n');
    expect((await watcher.check()).status).toBe('applied');
    expect(watcher.config.logging.level).toBe('warn');
  });

  it('reports an unset variable in a reload as CONFIG_INVALID naming the key', async () => {
    const errors: TypewireError[] = [];
    watcher = await watchConfig(file, () => {}, { env, onError: (e) => errors.push(e) });
    writeFileSync(file, 'server:\n  host: ${NOT_SET_ANYWHERE}\n');
    await watcher.check();
    expect(errors[0]?.details).toMatchObject({ problems: [{ pointer: '/server/host', variable: 'NOT_SET_ANYWHERE' }] });
  });

  it('treats a change of comments or formatting only as unchanged', async () => {
    const changes: ConfigReload[] = [];
    watcher = await watchConfig(file, (reload) => changes.push(reload), { env });
    writeFileSync(file, '# a comment\nlogging: { level: info }\nserver: { port: "${PORT}" }\n');
    expect((await watcher.check()).status).toBe('unchanged');
    expect(changes).toEqual([]);
  });

  it('reloads on its own when the file is written', async () => {
    const changes = nextOf<ConfigReload>();
    watcher = await watchConfig(file, changes.push, { env, debounceMs: 10 });
    writeFileSync(file, 'logging:\n  level: trace\nserver:\n  port: ${PORT}\n');
    const reload = await changes.next();
    expect(reload.config.logging.level).toBe('trace');
  });

  it('reloads when an editor replaces the file by renaming a new one over it', async () => {
    const changes = nextOf<ConfigReload>();
    watcher = await watchConfig(file, changes.push, { env, debounceMs: 10 });
    writeFileSync(join(dir, '.typewire.yaml.swp'), 'logging:\n  level: error\nserver:\n  port: ${PORT}\n');
    renameSync(join(dir, '.typewire.yaml.swp'), file);
    expect((await changes.next()).config.logging.level).toBe('error');
    // The watch survives the replacement: a second save is seen too.
    writeFileSync(file, 'logging:\n  level: fatal\nserver:\n  port: ${PORT}\n');
    expect((await changes.next()).config.logging.level).toBe('fatal');
  });

  it('reports a refused reload through onError when the file event comes on its own', async () => {
    const errors = nextOf<TypewireError>();
    watcher = await watchConfig(file, () => {}, { env, debounceMs: 10, onError: errors.push });
    writeFileSync(file, 'server: [\n');
    expect((await errors.next()).code).toBe('CONFIG_INVALID');
    expect(watcher.config.server.port).toBe(7000);
  });

  it('releases its file watch and poll timer on close, and close is idempotent', async () => {
    const watches = handles('FSEventWrap');
    const timers = handles('Timeout');
    const w = await watchConfig(file, () => {}, { env, pollMs: 60_000, persistent: true });
    expect(handles('FSEventWrap')).toBe(watches + 1);
    expect(handles('Timeout')).toBe(timers + 1);
    w.close();
    w.close();
    // libuv releases a closed handle on a later turn of the event loop.
    for (let turn = 0; turn < 5 && handles('FSEventWrap') > watches; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(handles('FSEventWrap')).toBe(watches);
    expect(handles('Timeout')).toBe(timers);
    expect((await w.check()).status).toBe('unchanged');
  });

  it('passes a failing change handler to onError without undoing the reload', async () => {
    const errors: TypewireError[] = [];
    watcher = await watchConfig(
      file,
      () => {
        throw new Error('boom');
      },
      { env, onError: (e) => errors.push(e) },
    );
    writeFileSync(file, 'logging:\n  level: debug\nserver:\n  port: ${PORT}\n');
    expect((await watcher.check()).status).toBe('applied');
    expect(errors.map((e) => e.code)).toEqual(['INTERNAL_HANDLER_FAILED']);
  });
});

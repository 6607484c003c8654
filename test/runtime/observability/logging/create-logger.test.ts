import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeLogger, createLogger, type LoggerOptions } from '../../../../runtime/observability/logging/create-logger.js';
import { withIncomingTrace } from '../../../../runtime/observability/tracing/boundaries.js';
import { runInTrace } from '../../../../runtime/observability/tracing/trace-context.js';

/** A destination stream that keeps what it is given (written synchronously, so tests can read it at once). */
function capture(): Writable & { lines: string[]; json: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) });
}

async function loggerTo(options: LoggerOptions = {}) {
  const out = capture();
  const logger = await createLogger({ ...options, destination: out, pretty: options.pretty ?? false });
  return { logger, out };
}

const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('createLogger', () => {
  it('writes JSON lines with level, time, message and name', async () => {
    const { logger, out } = await loggerTo({ name: 'orders' });
    logger.info({ orderId: 'o-1' }, 'placed');
    const [line] = out.json();
    expect(line).toMatchObject({ level: 30, name: 'orders', orderId: 'o-1', msg: 'placed' });
    expect(typeof line?.['time']).toBe('number');
  });

  it('filters by level, defaulting to info, and takes a new level at run time', async () => {
    const { logger, out } = await loggerTo();
    logger.debug('hidden');
    logger.info('shown');
    logger.level = 'debug';
    logger.debug('now shown');
    expect(out.json().map((l) => l['msg'])).toEqual(['shown', 'now shown']);
    const quiet = await loggerTo({ level: 'error' });
    quiet.logger.warn('no');
    quiet.logger.error('yes');
    expect(quiet.out.json().map((l) => l['msg'])).toEqual(['yes']);
  });

  it('stamps lines written inside a handler with the trace, and not lines outside', async () => {
    const { logger, out } = await loggerTo();
    logger.info('before');
    await withIncomingTrace(INCOMING, async () => {
      await Promise.resolve();
      logger.info({ step: 1 }, 'inside');
    });
    logger.info('after');
    const [before, inside, after] = out.json();
    expect(before).not.toHaveProperty('trace_id');
    expect(inside).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', trace_flags: '01', step: 1, msg: 'inside' });
    expect(inside?.['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(inside?.['span_id']).not.toBe('00f067aa0ba902b7');
    // The shared no-trace object must not collect fields from earlier lines.
    expect(after).not.toHaveProperty('trace_id');
    expect(after).not.toHaveProperty('step');
  });

  it('formats flags as two hex digits', async () => {
    const { logger, out } = await loggerTo();
    runInTrace({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: 0 }, () => logger.info('x'));
    expect(out.json()[0]?.['trace_flags']).toBe('00');
  });

  it('writes human-readable lines when pretty is on and pino-pretty is installed', async () => {
    const { logger, out } = await loggerTo({ pretty: true, sync: true });
    withIncomingTrace(INCOMING, () => logger.info('hello pretty'));
    const text = out.lines.join('');
    expect(text).toContain('hello pretty');
    expect(text).toContain('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(() => JSON.parse(out.lines[0] ?? '')).toThrow();
  });

  it('falls back to JSON when pino-pretty cannot be loaded', async () => {
    vi.resetModules();
    vi.doMock('pino-pretty', () => {
      throw new Error('Cannot find package pino-pretty');
    });
    try {
      const fresh = await import('../../../../runtime/observability/logging/create-logger.js');
      const out = capture();
      const logger = await fresh.createLogger({ pretty: true, destination: out });
      logger.info('plain');
      expect(out.json()[0]).toMatchObject({ msg: 'plain' });
    } finally {
      vi.doUnmock('pino-pretty');
      vi.resetModules();
    }
  });

  describe('with a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'typewire-log-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes JSON lines to the file (even with pretty on) and closes it', async () => {
      const path = join(dir, 'nested', 'app.log');
      const logger = await createLogger({ file: { path }, pretty: true });
      logger.info({ n: 1 }, 'to file');
      logger.warn('second');
      await closeLogger(logger);
      const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => l['msg'])).toEqual(['to file', 'second']);
    });

    it('rotates by size through the logger', async () => {
      const path = join(dir, 'rotating.log');
      const logger = await createLogger({ file: { path, maxBytes: 2048, maxFiles: 2 }, sync: true });
      for (let i = 0; i < 60; i++) logger.info({ i, pad: 'x'.repeat(60) }, 'line');
      await closeLogger(logger);
      const all = [`${path}.2`, `${path}.1`, path].flatMap((p) => readFileSync(p, 'utf8').trim().split('\n'));
      const numbers = all.map((l) => (JSON.parse(l) as { i: number }).i);
      // Oldest lines were rotated away; what is kept is the newest, in order, with no gaps.
      expect(numbers[numbers.length - 1]).toBe(59);
      expect(numbers).toEqual(numbers.map((_, k) => numbers[0]! + k));
      expect(numbers[0]).toBeGreaterThan(0);
    });
  });
});

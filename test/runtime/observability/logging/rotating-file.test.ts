import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingFile } from '../../../../runtime/observability/logging/rotating-file.js';

const line = (n: number): string => `${JSON.stringify({ n, pad: 'y'.repeat(40) })}\n`;

describe('RotatingFile', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'typewire-rotate-'));
    path = join(dir, 'app.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each file within maxBytes, keeps maxFiles old files, and never splits a line', async () => {
    const size = Buffer.byteLength(line(0));
    const file = new RotatingFile({ path, maxBytes: size * 3, maxFiles: 2, sync: true });
    for (let n = 0; n < 10; n++) file.write(line(n));
    await file.end();
    expect(readdirSync(dir).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    const read = (p: string) => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { n: number }).n);
    expect(read(`${path}.2`)).toEqual([3, 4, 5]);
    expect(read(`${path}.1`)).toEqual([6, 7, 8]);
    expect(read(path)).toEqual([9]);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(size * 3);
  });

  it('counts what an existing file already holds', async () => {
    writeFileSync(path, 'z'.repeat(90) + '\n');
    const file = new RotatingFile({ path, maxBytes: 100, maxFiles: 1, sync: true });
    expect(file.currentSize).toBe(91);
    file.write('0123456789\n');
    await file.end();
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('z'.repeat(90) + '\n');
    expect(readFileSync(path, 'utf8')).toBe('0123456789\n');
  });

  it('puts a line longer than maxBytes in a file of its own', async () => {
    const file = new RotatingFile({ path, maxBytes: 10, maxFiles: 3, sync: true });
    file.write('short\n');
    file.write('a line much longer than ten bytes\n');
    file.write('next\n');
    await file.end();
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('short\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('a line much longer than ten bytes\n');
    expect(readFileSync(path, 'utf8')).toBe('next\n');
  });

  it('loses no line in buffered (async) mode across rotations', async () => {
    const file = new RotatingFile({ path, maxBytes: 400, maxFiles: 50 });
    for (let n = 0; n < 40; n++) file.write(line(n));
    await file.end();
    const files = readdirSync(dir)
      .map((f) => ({ f, k: f === 'app.log' ? 0 : Number(f.split('.').pop()) }))
      .sort((a, b) => b.k - a.k);
    const numbers = files.flatMap(({ f }) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { n: number }).n));
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(files.length).toBeGreaterThan(3);
  });

  it('creates the folder, and ignores writes after end', async () => {
    const nested = join(dir, 'a', 'b', 'app.log');
    const file = new RotatingFile({ path: nested, maxBytes: 1000, maxFiles: 1, sync: true });
    file.write('one\n');
    await file.end();
    expect(file.write('two\n')).toBe(false);
    expect(readFileSync(nested, 'utf8')).toBe('one\n');
    expect(existsSync(`${nested}.1`)).toBe(false);
  });

  it('refuses sizes and counts that are not positive integers', () => {
    expect(() => new RotatingFile({ path, maxBytes: 0, maxFiles: 1 })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
    expect(() => new RotatingFile({ path, maxBytes: 10, maxFiles: 1.5 })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });
});

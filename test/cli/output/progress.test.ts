import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../cli/output/progress.js';

function fakeStream(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): void } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => void written.push(text) };
}

function run(stream: ReturnType<typeof fakeStream>, total: number, options: { enabled?: boolean; every?: number; minTotal?: number } = {}): void {
  const progress = createProgress({ stream, enabled: options.enabled ?? true, every: options.every ?? 100, minTotal: options.minTotal ?? 100 });
  for (let done = 1; done <= total; done++) progress.update(done, total, 'loading');
  progress.finish();
}

describe('progress line', () => {
  it('prints a plain line every N items and at the end when not a terminal', () => {
    const stream = fakeStream(false);
    run(stream, 250);
    expect(stream.written).toEqual(['loading: 100/250\n', 'loading: 200/250\n', 'loading: 250/250\n']);
  });

  it('rewrites one line in place on a terminal and clears it at the end', () => {
    const stream = fakeStream(true);
    run(stream, 120);
    expect(stream.written).toHaveLength(121);
    expect(stream.written[0]).toBe('\r\u001b[2Kloading: 1/120');
    expect(stream.written.every((w) => !w.includes('\n'))).toBe(true);
    expect(stream.written.at(-1)).toBe('\r\u001b[2K');
  });

  it('prints nothing for a small schema set', () => {
    const stream = fakeStream(false);
    run(stream, 99);
    expect(stream.written).toEqual([]);
  });

  it('prints nothing when disabled (--json)', () => {
    const stream = fakeStream(true);
    run(stream, 500, { enabled: false });
    expect(stream.written).toEqual([]);
  });

  it('does not repeat a line when the same count is reported twice', () => {
    const stream = fakeStream(false);
    const progress = createProgress({ stream, enabled: true, every: 2, minTotal: 1 });
    progress.update(2, 4, 'loading');
    progress.update(2, 4, 'loading');
    progress.update(4, 4, 'emitting');
    expect(stream.written).toEqual(['loading: 2/4\n', 'emitting: 4/4\n']);
  });
});

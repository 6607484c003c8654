/**
 * A progress line for long runs over many schema files, written to stderr so
 * stdout keeps only the result. On a terminal it is one line rewritten in
 * place; in a log (CI, a pipe) it is a plain line every `every` files, because
 * carriage returns turn a log into one unreadable line. Small runs print
 * nothing: a progress line that flashes for 50 ms is noise.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  readonly stream: ProgressStream;
  /** False for `--json` and other machine-read output. */
  readonly enabled: boolean;
  /** Runs over fewer items than this print nothing. Default 100. */
  readonly minTotal?: number;
  /** Non-terminal streams get a line every this many items. Default 100. */
  readonly every?: number;
}

export interface Progress {
  /** `done` of `total` items finished, in a stage that says what is counted (`reading schema files`). */
  update(done: number, total: number, stage?: string): void;
  /** Clears the terminal line, so the summary that follows starts clean. */
  finish(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

export function createProgress(options: ProgressOptions): Progress {
  const { stream, enabled } = options;
  const minTotal = options.minTotal ?? 100;
  const every = Math.max(1, options.every ?? 100);
  const tty = stream.isTTY === true;
  let drawn = false;
  let lastText = '';

  const text = (done: number, total: number, stage: string | undefined): string =>
    `${stage === undefined ? 'progress' : stage}: ${done}/${total}`;

  return {
    update(done, total, stage) {
      if (!enabled || total < minTotal) return;
      const line = text(done, total, stage);
      if (tty) {
        if (line === lastText) return;
        stream.write(`${CLEAR_LINE}${line}`);
        lastText = line;
        drawn = true;
        return;
      }
      if (done > 0 && (done % every === 0 || done === total) && line !== lastText) {
        stream.write(`${line}\n`);
        lastText = line;
      }
    },
    finish() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}

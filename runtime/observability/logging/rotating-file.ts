/**
 * A log file that rotates by size and keeps a bounded number of old files:
 * `app.log` is written; when the next line would take it past `maxBytes` it
 * becomes `app.log.1` (`app.log.1` becomes `app.log.2`, and so on; the
 * oldest beyond `maxFiles` is removed) and a fresh `app.log` is started.
 *
 * Writing goes through pino's SonicBoom. Each file is opened here,
 * synchronously, and SonicBoom is handed the descriptor: after a rename the
 * old descriptor still points at the renamed file, so lines buffered before
 * the rotation land in `app.log.1` and no line is split between files.
 */
import { existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type DestinationStream } from 'pino';
import { TypewireError } from '../../errors/typewire-error.js';

export interface RotatingFileOptions {
  readonly path: string;
  /** Size at which the file rotates. A single longer line still goes into a file of its own. */
  readonly maxBytes: number;
  /** Rotated files kept besides the current one (`path.1` … `path.N`). */
  readonly maxFiles: number;
  /** Write each line before `write` returns (slower; for tests and short-lived CLIs). Default false. */
  readonly sync?: boolean;
  /** Receives write and rotation failures; logging must never crash the process. Default: console.error. */
  readonly onError?: (error: unknown) => void;
}

type Boom = ReturnType<typeof pino.destination>;

export class RotatingFile implements DestinationStream {
  private boom: Boom;
  private size: number;
  private readonly retiring = new Set<Promise<void>>();
  private readonly onError: (error: unknown) => void;
  private ended = false;

  constructor(private readonly options: RotatingFileOptions) {
    if (!Number.isInteger(options.maxBytes) || options.maxBytes < 1 || !Number.isInteger(options.maxFiles) || options.maxFiles < 1) {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'RotatingFile: maxBytes and maxFiles must be positive integers', {
        details: { maxBytes: options.maxBytes, maxFiles: options.maxFiles },
      });
    }
    this.onError = options.onError ?? ((error) => console.error('typewire log file:', error));
    mkdirSync(dirname(options.path), { recursive: true });
    this.size = existsSync(options.path) ? statSync(options.path).size : 0;
    this.boom = this.open();
  }

  /** Bytes in the current file, including lines not yet flushed. */
  get currentSize(): number {
    return this.size;
  }

  write(line: string): boolean {
    if (this.ended) return false;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    this.size += bytes;
    return this.boom.write(line);
  }

  /** Writes everything buffered now. */
  flushSync(): void {
    this.boom.flushSync();
  }

  /** Flushes and closes every file; resolves when they are closed. */
  async end(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.retire(this.boom);
    }
    await Promise.all([...this.retiring]);
  }

  private open(): Boom {
    const fd = openSync(this.options.path, 'a');
    const boom = pino.destination({ dest: fd, sync: this.options.sync ?? false });
    boom.on('error', (error: unknown) => this.onError(error));
    return boom;
  }

  private rotate(): void {
    const { path, maxFiles } = this.options;
    try {
      rmSync(`${path}.${maxFiles}`, { force: true });
      for (let i = maxFiles - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
      renameSync(path, `${path}.1`);
    } catch (error) {
      // Keep writing to the current file rather than lose lines; try again at the next line.
      this.onError(error);
      return;
    }
    this.retire(this.boom);
    this.boom = this.open();
    this.size = 0;
  }

  private retire(boom: Boom): void {
    const closed = new Promise<void>((resolve) => {
      boom.once('close', () => resolve());
      boom.once('error', () => resolve());
      try {
        boom.end();
      } catch (error) {
        this.onError(error);
        resolve();
      }
    });
    this.retiring.add(closed);
    void closed.then(() => this.retiring.delete(closed));
  }
}

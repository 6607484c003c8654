/**
 * Two ways to notice that typewire.yaml changed, each behind the same small
 * interface so the benchmark times them alike: typewire's `watchConfig` with
 * the service host's `applyReload` (validated, debounced, applied to a
 * logger), and the least a hand-rolled reload does (`fs.watch` on the folder,
 * read, `YAML.parse`, no validation, no debounce).
 *
 * A probe reports a delivery as the level it saw and `performance.now()` at
 * that moment; the benchmark registers what it waits for before it writes, so
 * a delivery is never missed, and ignores deliveries of any other level (a
 * late event from the previous save).
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { applyReload } from '../../cli/host/reload-logging.js';
import { watchConfig, type ConfigWatcher } from '../../runtime/config/watch-config.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { createLogger, type Logger } from '../../runtime/observability/logging/create-logger.js';
import type { BenchLevel } from './reload-files.js';

export interface ReloadProbe {
  /** Starts watching `file`, which already holds a configuration at `level`. */
  open(file: string, level: BenchLevel): Promise<void>;
  /**
   * Resolves with `performance.now()` at the moment `level` was delivered;
   * rejects with TIMEOUT_REQUEST after `timeoutMs`, or with whatever error
   * the probe reported meanwhile (a refused reload, a watch that stopped).
   */
  waitFor(level: BenchLevel, timeoutMs: number): Promise<number>;
  /** Stops watching; idempotent. A pending wait is rejected. */
  close(): void;
}

interface Waiter {
  readonly level: BenchLevel;
  readonly resolve: (at: number) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** The waiting half every probe shares: one outstanding wait, settled by `deliver` or `fail`. */
abstract class WaitingProbe implements ReloadProbe {
  private waiter: Waiter | undefined;

  abstract open(file: string, level: BenchLevel): Promise<void>;
  protected abstract stop(): void;

  waitFor(level: BenchLevel, timeoutMs: number): Promise<number> {
    if (this.waiter !== undefined) return Promise.reject(new Error('config-reload probe: one wait at a time'));
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new TypewireError('TIMEOUT_REQUEST', `config-reload probe: logging.level ${level} not delivered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { level, resolve, reject, timer };
    });
  }

  close(): void {
    this.stop();
    this.fail(new Error('config-reload probe closed while waiting'));
  }

  protected deliver(level: unknown, at: number): void {
    const waiter = this.waiter;
    if (waiter === undefined || waiter.level !== level) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(at);
  }

  protected fail(error: Error): void {
    const waiter = this.waiter;
    if (waiter === undefined) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }
}

/**
 * typewire as a service host runs it: `watchConfig` (25 ms debounce, content
 * hash, full validation) whose `onChange` applies the reload to a pino logger
 * with `applyReload`. Delivery is the moment the logger's level has changed,
 * so the figure covers the validated config and its application together
 * (both happen in the same synchronous callback).
 */
export class TypewireReloadProbe extends WaitingProbe {
  private watcher: ConfigWatcher | undefined;
  private logger: Logger | undefined;

  async open(file: string, level: BenchLevel): Promise<void> {
    // applyReload writes one info line per change; a sink that drops it keeps the terminal quiet and costs no I/O.
    const logger = await createLogger({ level, destination: { write: () => undefined }, sync: true });
    this.logger = logger;
    this.watcher = await watchConfig(
      file,
      (reload) => {
        applyReload(logger, reload);
        this.deliver(logger.level, performance.now());
      },
      // A valid file refused, or the watch lost, means the figure would not be a reload: fail the wait.
      { env: {}, onError: (error) => this.fail(error) },
    );
  }

  protected stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}

/**
 * The baseline: `fs.watch` on the folder (as typewire does, so renames are
 * seen), and on every event a read and `YAML.parse`. Reads that find a torn
 * or older file are ignored, as a careful hand-rolled reload would.
 */
export class FsWatchReloadProbe extends WaitingProbe {
  private watcher: FSWatcher | undefined;

  async open(file: string): Promise<void> {
    const watcher = watch(dirname(file), { persistent: false }, () => void this.read(file));
    watcher.on('error', (error) => this.fail(error));
    this.watcher = watcher;
  }

  protected stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async read(file: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = parse(await readFile(file, 'utf8'));
    } catch {
      return; // Half-written or mid-rename: the next event reads it again.
    }
    const logging = typeof parsed === 'object' && parsed !== null ? (parsed as { logging?: { level?: unknown } }).logging : undefined;
    this.deliver(logging?.level, performance.now());
  }
}

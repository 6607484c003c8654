/**
 * Hot reload of the configuration file. The folder is watched rather than
 * the file, because editors save by writing a new file and renaming it over
 * the old one (and Kubernetes swaps a symlink), which ends a watch on the
 * file itself. Events are debounced; a check reads the file and compares a
 * content hash, so no-op events cost one small read and change nothing.
 *
 * A new file is validated before it applies: a bad one is refused, the old
 * configuration stays, and the coded error goes to `onError`.
 */
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TypewireError } from '../errors/typewire-error.js';
import { diffConfig, type ConfigDiff } from './config-diff.js';
import { HOT_RELOADABLE, type TypewireConfig } from './config-schema.js';
import { parseConfig, readConfigText } from './load-config.js';
import type { Environment } from './substitute-env.js';

export interface ConfigReload {
  readonly config: TypewireConfig;
  readonly previous: TypewireConfig;
  /** Which keys changed, and which of them apply without a restart. */
  readonly diff: ConfigDiff;
}

export type ReloadOutcome =
  | { readonly status: 'applied'; readonly reload: ConfigReload }
  /** The file's content, or the configuration it gives, is the same as before. */
  | { readonly status: 'unchanged' }
  | { readonly status: 'refused'; readonly error: TypewireError };

export interface WatchConfigOptions {
  /** Variables for `${VAR}`. Default: `process.env`. */
  readonly env?: Environment;
  /** Quiet time after the last file event before the file is read. Default 25 ms. */
  readonly debounceMs?: number;
  /** Also check every `pollMs` (for filesystems without change events, such as some network mounts). Default 0: off. */
  readonly pollMs?: number;
  /** Receives refused reloads (CONFIG_INVALID, NOT_FOUND_FILE) and failures of `onChange`. Default: console.error. */
  readonly onError?: (error: TypewireError) => void;
  /** Whether the watch alone keeps the process alive. Default false (a server keeps it alive anyway). */
  readonly persistent?: boolean;
  /** Pointers that apply without a restart. Default HOT_RELOADABLE. */
  readonly hotKeys?: ReadonlySet<string>;
}

export interface ConfigWatcher {
  readonly path: string;
  /** The configuration in force: the first one loaded, or the last good reload. */
  readonly config: TypewireConfig;
  /** Reads the file now (as a file event would) and reports what happened. */
  check(): Promise<ReloadOutcome>;
  /** Stops watching; idempotent. Pending checks finish as `unchanged`. */
  close(): void;
}

export type ConfigChangeHandler = (reload: ConfigReload) => void;

const reportToConsole = (error: TypewireError): void => console.error(`typewire config: ${error.code}: ${error.message}`);

/**
 * Loads `path` (throwing NOT_FOUND_FILE or CONFIG_INVALID if the first load
 * fails) and calls `onChange` after each change that passes validation.
 */
export async function watchConfig(path: string, onChange: ConfigChangeHandler, options: WatchConfigOptions = {}): Promise<ConfigWatcher> {
  const file = resolve(path);
  const text = await readConfigText(file);
  const initial = parseConfig(text, { file: path, ...(options.env ? { env: options.env } : {}) });
  return new FileConfigWatcher(path, file, initial, hash(text), onChange, options);
}

class FileConfigWatcher implements ConfigWatcher {
  private current: TypewireConfig;
  private lastHash: string;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly poller: NodeJS.Timeout | undefined;
  private readonly watcher: FSWatcher;
  /** Checks run one after another, so two quick saves cannot apply out of order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onError: (error: TypewireError) => void;

  constructor(
    readonly path: string,
    private readonly file: string,
    initial: TypewireConfig,
    initialHash: string,
    private readonly onChange: ConfigChangeHandler,
    private readonly options: WatchConfigOptions,
  ) {
    this.current = initial;
    this.lastHash = initialHash;
    this.onError = options.onError ?? reportToConsole;
    // Any name in the folder may matter (Kubernetes swaps a `..data` symlink), so
    // every event schedules a check; the content hash filters out the rest.
    this.watcher = watch(dirname(file), { persistent: options.persistent ?? false }, () => this.schedule());
    this.watcher.on('error', (cause) => {
      this.onError(new TypewireError('NOT_FOUND_FILE', `stopped watching ${path}: ${cause.message}`, { cause, details: { file: path } }));
    });
    const pollMs = options.pollMs ?? 0;
    const poller = pollMs > 0 ? setInterval(() => void this.check(), pollMs) : undefined;
    this.poller = options.persistent ? poller : poller?.unref();
  }

  get config(): TypewireConfig {
    return this.current;
  }

  check(): Promise<ReloadOutcome> {
    const run = this.queue.then(() => this.checkNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    this.watcher.close();
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), this.options.debounceMs ?? 25).unref();
  }

  private async checkNow(): Promise<ReloadOutcome> {
    if (this.closed) return { status: 'unchanged' };
    let text: string;
    try {
      text = await readConfigText(this.file);
    } catch (error) {
      // Mid-rename the file can be briefly missing; the rename's own event brings us back.
      return this.refuse(TypewireError.from(error), undefined);
    }
    const contentHash = hash(text);
    if (this.closed || contentHash === this.lastHash) return { status: 'unchanged' };
    let next: TypewireConfig;
    try {
      next = parseConfig(text, { file: this.path, ...(this.options.env ? { env: this.options.env } : {}) });
    } catch (error) {
      return this.refuse(TypewireError.from(error), contentHash);
    }
    this.lastHash = contentHash;
    const diff = diffConfig(this.current, next, this.options.hotKeys ?? HOT_RELOADABLE);
    if (diff.changes.length === 0) return { status: 'unchanged' };
    const reload: ConfigReload = { config: next, previous: this.current, diff };
    this.current = next;
    try {
      this.onChange(reload);
    } catch (error) {
      this.onError(new TypewireError('INTERNAL_HANDLER_FAILED', `configuration change handler failed: ${(error as Error).message}`, { cause: error }));
    }
    return { status: 'applied', reload };
  }

  private refuse(error: TypewireError, contentHash: string | undefined): ReloadOutcome {
    // Remember a refused content so the same bad file is reported once, not on every event.
    if (contentHash !== undefined) this.lastHash = contentHash;
    if (!this.closed) this.onError(error);
    return { status: 'refused', error };
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

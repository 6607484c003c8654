/**
 * The runtime's logger: pino, JSON lines by default, human-readable output in
 * development when pino-pretty is installed, or a size-rotated file. Every
 * line written while a trace is current (inside a handler) carries
 * `trace_id`, `span_id` and `trace_flags`, the field names OpenTelemetry's
 * log correlation uses, so logs and traces join up in any backend.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from 'pino';
import { RotatingFile } from './rotating-file.js';
import { mergeTraceFields, traceFields } from './trace-fields.js';

export type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LogFileOptions {
  readonly path: string;
  /** Default 10 MiB. */
  readonly maxBytes?: number;
  /** Rotated files kept besides the current one. Default 5. */
  readonly maxFiles?: number;
}

export interface LoggerOptions {
  /** Default `info`. */
  readonly level?: LogLevel;
  /**
   * Human-readable lines (pino-pretty, loaded only when asked for; JSON if it
   * is not installed). Default: on when NODE_ENV is `development`. Applies
   * to standard output only: files always get JSON.
   */
  readonly pretty?: boolean;
  /** Write to this file, rotated by size, instead of standard output. */
  readonly file?: LogFileOptions;
  /** Added to every line as `name` (pino's convention), such as the service or runtime source. */
  readonly name?: string;
  /** Write here instead of standard output (tests, custom transports); pretty output too. Ignored when `file` is set. */
  readonly destination?: DestinationStream;
  /** Write each line before the call returns. Default false (buffered, as pino recommends for services). */
  readonly sync?: boolean;
}

const closers = new WeakMap<Logger, () => Promise<void>>();

/** Creates a logger. Async because pino-pretty is an optional import. */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const { stream, close } = await destinationFor(options);
  const logger = pino(
    {
      level: options.level ?? 'info',
      ...(options.name !== undefined ? { name: options.name } : {}),
      mixin: traceFields,
      mixinMergeStrategy: mergeTraceFields,
    } satisfies PinoOptions,
    stream,
  );
  closers.set(logger, close);
  return logger;
}

/** Flushes and closes what `createLogger` opened for `logger` (its file); standard output stays open. */
export async function closeLogger(logger: Logger): Promise<void> {
  const close = closers.get(logger);
  closers.delete(logger);
  if (close) await close();
}

async function destinationFor(options: LoggerOptions): Promise<{ stream: DestinationStream; close: () => Promise<void> }> {
  const sync = options.sync ?? false;
  if (options.file) {
    const file = new RotatingFile({
      path: options.file.path,
      maxBytes: options.file.maxBytes ?? 10 * 1024 * 1024,
      maxFiles: options.file.maxFiles ?? 5,
      sync,
    });
    return { stream: file, close: () => file.end() };
  }
  if (options.pretty ?? process.env['NODE_ENV'] === 'development') {
    const pretty = await loadPretty();
    if (pretty) {
      const target = options.destination ?? 1;
      return { stream: pretty({ destination: target, sync, colorize: options.destination === undefined && colorWanted() }), close: async () => {} };
    }
  }
  if (options.destination) return { stream: options.destination, close: async () => {} };
  const stdout = pino.destination({ dest: 1, sync });
  return {
    stream: stdout,
    close: async () => {
      try {
        stdout.flushSync();
      } catch {
        // Standard output may be a closed pipe at shutdown; nothing more to do.
      }
    },
  };
}

type PrettyFactory = (options: { destination: number | DestinationStream; sync: boolean; colorize: boolean }) => DestinationStream;

/** pino-pretty is a development dependency: absent in production installs, and then JSON it is. */
async function loadPretty(): Promise<PrettyFactory | undefined> {
  try {
    const module = (await import('pino-pretty')) as { default: PrettyFactory };
    return module.default;
  } catch {
    return undefined;
  }
}

function colorWanted(): boolean {
  return process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
}

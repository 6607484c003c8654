/**
 * Turns whatever a command threw into the code, message and exit code the CLI
 * prints. TypewireErrors keep their code; oclif's parse errors (unknown flag,
 * missing argument) become usage errors; anything else is a bug in typewire.
 */
import { Errors } from '@oclif/core';
import { isTypewireError } from '../../runtime/errors/typewire-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface CliFailure {
  readonly code: string;
  readonly message: string;
  readonly exitCode: ExitCode;
  readonly details?: unknown;
}

/** The command line is wrong (unknown flag, missing value or argument): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * For `this.parse(...).catch(asUsageError)`: everything oclif's parser throws
 * is a problem with the command line, whatever class it uses for it.
 */
export function asUsageError(error: unknown): never {
  throw new UsageError(oneLine(error instanceof Error ? error.message : String(error)));
}

/**
 * oclif's parse messages span lines ("The following error occurred:\n  Missing
 * required flag type\nSee more help with --help") and may carry colour codes;
 * the CLI prints every error on one plain line with its own --help hint.
 */
function oneLine(message: string): string {
  return message
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\n*See more help with --help\s*$/, '')
    .replace(/^The following errors? occurred:\s*/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** oclif marks argv parse errors by attaching the parse input (in case one escapes `asUsageError`). */
function isParseError(error: unknown): error is Errors.CLIError {
  return error instanceof Errors.CLIError && 'parse' in error;
}

export function describeFailure(error: unknown): CliFailure {
  if (isTypewireError(error)) {
    return error.details === undefined
      ? { code: error.code, message: error.message, exitCode: EXIT.failed }
      : { code: error.code, message: error.message, exitCode: EXIT.failed, details: error.details };
  }
  if (error instanceof UsageError) {
    return { code: 'CONFIG_INVALID', message: `${error.message} (see --help)`, exitCode: EXIT.usage };
  }
  if (isParseError(error)) {
    return { code: 'CONFIG_INVALID', message: `${oneLine(error.message)} (see --help)`, exitCode: EXIT.usage };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_UNEXPECTED', message: `${message} (this is a bug in typewire; please report it)`, exitCode: EXIT.failed };
}

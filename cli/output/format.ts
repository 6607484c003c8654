/**
 * One line per problem, in the two shapes the CLI prints:
 *
 *   schemas/messages/order.json#/properties/id: SCHEMA_INVALID must be object
 *   error CONFIG_INVALID: directory "app" is not empty; pass --force to write into it
 *
 * The first names where the problem is (file and JSON pointer) like a compiler
 * does, so editors and CI annotations can jump to it; the second is for problems
 * that have no place in a file.
 */
import type { Palette } from './color.js';

export interface LocatedProblem {
  /** '' when the problem has no file (then it prints as `error CODE: message`). */
  readonly file: string;
  /** JSON pointer inside the file; '' for the whole document. */
  readonly pointer: string;
  readonly code: string;
  readonly message: string;
}

export function formatLocation(file: string, pointer: string): string {
  return pointer === '' ? file : `${file}#${pointer}`;
}

export function formatLocated(problem: LocatedProblem, palette: Palette): string {
  if (problem.file === '') return formatError(problem.code, problem.message, palette);
  return `${palette.bold(formatLocation(problem.file, problem.pointer))}: ${palette.red(problem.code)} ${problem.message}`;
}

export function formatError(code: string, message: string, palette: Palette): string {
  return `${palette.red('error')} ${palette.red(code)}: ${message}`;
}

/** `1 file` / `2 files`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/**
 * Paths as the user should read them: relative to where the command was run,
 * with forward slashes, so output is the same on every machine and in tests.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  const shown = rel === '' ? '.' : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** A generator issue names its file relative to the schema folder; users (and editors) want it relative to where they are. */
export function relativeToCwd<T extends { readonly file: string }>(issue: T, schemasDir: string, cwd: string = process.cwd()): T {
  if (issue.file === '') return issue; // a problem with the whole set, such as SCHEMA_NO_INPUT
  return { ...issue, file: displayPath(resolve(schemasDir, issue.file), cwd) };
}

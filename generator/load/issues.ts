/**
 * Collects every problem the front end finds, so the user sees all of them in
 * one run instead of fixing them one at a time.
 */
import type { SchemaIssue } from '../model/types.js';
import type { ErrorCode } from '../../runtime/errors/codes.js';

/** The SCHEMA_* codes the front end reports. */
export type SchemaIssueCode = Extract<ErrorCode, `SCHEMA_${string}`>;

export class IssueList {
  private readonly byKey = new Map<string, SchemaIssue>();

  add(code: SchemaIssueCode, file: string, pointer: string, message: string): void {
    // The same problem can be reached twice (a bad $ref bundled into two messages); report it once.
    const key = JSON.stringify([code, file, pointer, message]);
    if (!this.byKey.has(key)) this.byKey.set(key, { code, file, pointer, message });
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Issues ordered by file, then pointer, then code, so output never depends on discovery order. */
  sorted(): SchemaIssue[] {
    return [...this.byKey.values()].sort(
      (a, b) => compare(a.file, b.file) || compare(a.pointer, b.pointer) || compare(a.code, b.code) || compare(a.message, b.message),
    );
  }
}

/** Code-unit order: stable across locales, unlike localeCompare. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

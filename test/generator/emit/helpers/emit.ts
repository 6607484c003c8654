/** Runs the emitters over a hand-built model, for tests that assert on generated lines. */
import { emitAll } from '../../../../generator/emit/emit-all.js';
import type { EmittedFile } from '../../../../generator/emit/emit-context.js';
import type { SchemaIssue, SchemaModel } from '../../../../generator/model/types.js';

export const TEST_CONTEXT = { version: '0.0.0-test', sourceRoot: 'schemas' } as const;

export async function emitFiles(model: SchemaModel): Promise<Map<string, string>> {
  const result = await emitAll(model, TEST_CONTEXT);
  if (!result.ok) throw new Error(`emit failed:\n${result.issues.map((i) => `${i.file}#${i.pointer} ${i.code} ${i.message}`).join('\n')}`);
  return new Map(result.files.map((file: EmittedFile) => [file.path, file.content]));
}

export async function emitIssues(model: SchemaModel): Promise<SchemaIssue[]> {
  const result = await emitAll(model, TEST_CONTEXT);
  if (result.ok) throw new Error('expected issues, the model emitted fine');
  return result.issues;
}

/** The lines of one generated file. */
export function linesOf(files: Map<string, string>, path: string): string[] {
  const content = files.get(path);
  if (content === undefined) throw new Error(`no generated file ${path}; have ${[...files.keys()].join(', ')}`);
  return content.split('\n');
}

/** The lines from the one matching `start` up to and including the first one equal to `end`. */
export function block(lines: ReadonlyArray<string>, start: string | RegExp, end: string): string[] {
  const from = lines.findIndex((line) => (typeof start === 'string' ? line === start : start.test(line)));
  if (from < 0) throw new Error(`no line ${String(start)}`);
  const to = lines.indexOf(end, from);
  if (to < 0) throw new Error(`no line ${end} after ${String(start)}`);
  return lines.slice(from, to + 1);
}

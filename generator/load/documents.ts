/**
 * Reads and parses every discovered schema file, reporting progress per file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SchemaFile, SchemaFileKind } from './discover.js';
import type { IssueList } from './issues.js';
import { parseSchemaText } from './parse.js';

/** A parsed schema file: its path relative to the schemas folder and its JSON value. */
export interface SchemaDocument {
  readonly file: string;
  readonly kind: SchemaFileKind;
  readonly value: unknown;
}

export type ProgressCallback = (done: number, total: number, file: string) => void;

/** Parses each file; files that fail to parse are reported and left out. */
export async function readDocuments(
  schemasDir: string,
  files: ReadonlyArray<SchemaFile>,
  issues: IssueList,
  onProgress?: ProgressCallback,
): Promise<SchemaDocument[]> {
  const docs: SchemaDocument[] = [];
  let done = 0;
  for (const { file, kind } of files) {
    const text = await readFile(join(schemasDir, ...file.split('/')), 'utf8').catch((error: unknown) => {
      issues.add('SCHEMA_PARSE_FAILED', file, '', `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (text !== undefined) {
      const parsed = parseSchemaText(text.replace(/^\uFEFF/, ''), file);
      if (parsed.ok) docs.push({ file, kind, value: parsed.value });
      else for (const error of parsed.errors) issues.add('SCHEMA_PARSE_FAILED', file, '', error);
    }
    done += 1;
    onProgress?.(done, files.length, file);
  }
  return docs;
}

/**
 * What `generate` says about the files it wrote (or, with --check, would write).
 */
import { plural } from './format.js';

export type FileStatus = 'created' | 'updated' | 'unchanged' | 'deleted';

export interface FileChange {
  readonly path: string;
  readonly status: FileStatus;
}

const ORDER: ReadonlyArray<FileStatus> = ['created', 'updated', 'deleted', 'unchanged'];

/** `2 updated, 20 unchanged` — only the statuses that occur, in a fixed order. */
export function countByStatus(files: ReadonlyArray<FileChange>): string {
  const parts: string[] = [];
  for (const status of ORDER) {
    const count = files.filter((f) => f.status === status).length;
    if (count > 0) parts.push(`${count} ${status}`);
  }
  return parts.length === 0 ? 'no files' : parts.join(', ');
}

/** `generated 14 messages, 3 services: 2 updated, 20 unchanged` */
export function generateSummary(messages: number, services: number, files: ReadonlyArray<FileChange>): string {
  return `generated ${plural(messages, 'message')}, ${plural(services, 'service')}: ${countByStatus(files)}`;
}

/** Files that differ from what the schemas produce (what `--check` fails on). */
export function staleFiles(files: ReadonlyArray<FileChange>): FileChange[] {
  return files.filter((f) => f.status !== 'unchanged');
}

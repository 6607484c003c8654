/**
 * Compares the files generated in memory with what is on disk in the out dir.
 * A file on disk that is no longer generated is only ever marked for deletion
 * when it carries the generated-file header: a user's own file in the out dir
 * is never touched.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmittedFile } from '../emit/emit-context.js';
import { hasGeneratedHeader } from '../emit/header.js';

export type FileStatus = 'created' | 'updated' | 'unchanged' | 'deleted';

export interface PlannedFile {
  /** Relative to the out dir, posix separators. */
  readonly path: string;
  readonly status: FileStatus;
  /** The new content (absent for deletions). */
  readonly content?: string;
}

/** Regular files under `dir`, relative posix paths; symbolic links are not followed. [] when `dir` does not exist. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: string[] = [];
  for (const entry of entries) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** The first bytes of a file, enough for the header line. */
async function head(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** What writing `files` into `outDir` would do, file by file, sorted by path. */
export async function planWrite(outDir: string, files: ReadonlyArray<EmittedFile>): Promise<PlannedFile[]> {
  const plan: PlannedFile[] = [];
  const produced = new Set<string>();
  for (const file of files) {
    produced.add(file.path);
    const existing = await readIfExists(join(outDir, file.path));
    const status: FileStatus = existing === undefined ? 'created' : existing === file.content ? 'unchanged' : 'updated';
    plan.push({ path: file.path, status, content: file.content });
  }
  for (const path of await listFiles(outDir)) {
    if (produced.has(path)) continue;
    if (hasGeneratedHeader(await head(join(outDir, path)))) plan.push({ path, status: 'deleted' });
  }
  return plan.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

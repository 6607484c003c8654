/**
 * Carries out a write plan: changed files are written through a temporary
 * file and a rename (a reader never sees half a file), stale generated files
 * are deleted, and folders that deleting emptied are removed.
 */
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PlannedFile } from './plan.js';

export async function applyWrite(outDir: string, plan: ReadonlyArray<PlannedFile>): Promise<void> {
  for (const file of plan) {
    if (file.status !== 'created' && file.status !== 'updated') continue;
    const target = join(outDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, file.content ?? '', 'utf8');
    await rename(temporary, target);
  }
  const emptied = new Set<string>();
  for (const file of plan) {
    if (file.status !== 'deleted') continue;
    await rm(join(outDir, file.path), { force: true });
    for (let dir = dirname(file.path); dir !== '.' && dir !== ''; dir = dirname(dir)) emptied.add(dir);
  }
  // Deepest first; rmdir fails on a folder that still holds something, which is then left alone.
  for (const dir of [...emptied].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1))) {
    await rmdir(join(outDir, dir)).catch(() => undefined);
  }
}

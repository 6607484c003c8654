/**
 * A PGlite data folder opens in one process at a time (folder-lock.ts): a
 * second PGlite writing the same files left a folder that no longer opened.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTypewireError } from '../../../runtime/errors/typewire-error.js';
import { annotateFolderLock, LOCK_FILE, lockFolder } from '../../../runtime/store/folder-lock.js';
import { openDatabase } from '../../../runtime/store/open-database.js';

const folders: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'typewire-lock-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lockedBy(work: () => unknown): Record<string, unknown> {
  try {
    work();
  } catch (error) {
    if (isTypewireError(error) && error.code === 'PERSISTENCE_LOCKED') return error.details as Record<string, unknown>;
    throw error;
  }
  throw new Error('expected PERSISTENCE_LOCKED');
}

describe('PGlite data folder lock', () => {
  it('refuses a second open of a folder, names the holder, and frees the folder on close', async () => {
    const dir = folder();
    const first = await openDatabase({ dataDir: dir });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    const refused = await openDatabase({ dataDir: dir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isTypewireError(refused) && refused.code).toBe('PERSISTENCE_LOCKED');
    expect(String((refused as Error).message)).toContain(`process ${process.pid}`);
    await first.exec('create table kept (x int); insert into kept values (7)');
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    expect((await again.query<{ x: number }>('select x from kept')).rows).toEqual([{ x: 7 }]);
    await again.close();
  });

  it('refuses a folder another live process holds', async () => {
    const dir = folder();
    // A live process that is not this one: the lock names it.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, host: hostname() }));
      expect(lockedBy(() => lockFolder(dir))).toMatchObject({ pid: child.pid, lockFile: join(dir, LOCK_FILE) });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock whose process is gone, and unreadable debris', async () => {
    const dir = folder();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, host: hostname() }));
    const lock = lockFolder(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
    // A lock is written whole (linked into place), so an unreadable one is debris; fresh debris may still be
    // another version's lock being written, so only old debris is taken over.
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    expect(lockedBy(() => lockFolder(dir))).toMatchObject({ lockFile: join(dir, LOCK_FILE) });
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_FILE), past, past);
    lockFolder(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is one lock for every path to the folder in one process (a relative path, a symlink)', () => {
    const dir = folder();
    const lock = lockFolder(join(dir, 'data'));
    symlinkSync(join(dir, 'data'), join(dir, 'alias'));
    try {
      expect(lockedBy(() => lockFolder(join(dir, 'alias')))).toMatchObject({ pid: process.pid });
      expect(lockedBy(() => lockFolder(relative(process.cwd(), join(dir, 'data'))))).toMatchObject({ pid: process.pid });
    } finally {
      lock.release();
    }
    expect(readdirSync(join(dir, 'data'))).toEqual([]);
  });

  it('a holder that annotates its lock with an admin URL is named with it in the refusal', () => {
    const dir = folder();
    const lock = lockFolder(dir);
    try {
      annotateFolderLock(dir, { adminUrl: 'http://127.0.0.1:9464' });
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, host: hostname(), adminUrl: 'http://127.0.0.1:9464' });
      expect(lockedBy(() => lockFolder(dir))).toMatchObject({ pid: process.pid, adminUrl: 'http://127.0.0.1:9464' });
    } finally {
      lock.release();
    }
    // A folder this process does not hold is left alone.
    annotateFolderLock(dir, { adminUrl: 'http://elsewhere' });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('counts a lock from another host as held (a shared folder cannot be checked)', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: `${hostname()}-elsewhere` }));
    expect(lockedBy(() => lockFolder(dir))).toMatchObject({ pid: 1, host: `${hostname()}-elsewhere` });
  });
});

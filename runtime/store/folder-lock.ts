/**
 * One process at a time per PGlite data folder. PGlite runs PostgreSQL in
 * single-user mode inside this process and takes no lock of its own: a second
 * process that opens the same folder (an ops command beside `typewire serve`)
 * writes the same files, and the folder was seen to fail to open afterwards.
 * So the folder gets a lock file, created with O_EXCL, naming its holder's pid;
 * a lock whose process is gone (a crash, a SIGKILL) is taken over. A host
 * adds its admin URL (annotateFolderLock), so that a refused ops command can
 * read the folder's queues from the process that holds it.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TypewireError } from '../errors/typewire-error.js';

export const LOCK_FILE = 'typewire.lock';

/** Folders this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

export interface FolderLock {
  release(): void;
}

/** Takes the folder's lock (creating the folder if needed) or throws PERSISTENCE_LOCKED naming the holder. */
export function lockFolder(folder: string): FolderLock {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  if (held.has(path)) throw lockedError(folder, path, readHolder(path) ?? { pid: process.pid, host: hostname() });
  for (let attempt = 0; attempt < 2; attempt++) {
    const fd = tryCreate(path);
    if (fd !== undefined) {
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      } finally {
        closeSync(fd);
      }
      held.add(path);
      return { release: () => release(path) };
    }
    const holder = readHolder(path);
    if (holder !== undefined && isAlive(holder)) throw lockedError(folder, path, holder);
    // The holder is gone (or the file is unreadable half-written debris): take it over once.
    try {
      unlinkSync(path);
    } catch {
      // Another process took it over first; the next attempt sees its lock.
    }
  }
  throw lockedError(folder, path, readHolder(path));
}

export interface FolderHolder {
  readonly pid: number;
  readonly host: string;
  /** The holder's admin server, when it runs one (`typewire serve`). */
  readonly adminUrl?: string;
}
type Holder = FolderHolder;

/**
 * Records `adminUrl` in the lock this process holds on `folder` (no-op when it
 * holds none). Written to a temporary file and renamed over the lock, so a
 * reader never sees half of it.
 */
export function annotateFolderLock(folder: string, info: { readonly adminUrl: string }): void {
  const path = join(folder, LOCK_FILE);
  if (!held.has(path)) return;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ pid: process.pid, host: hostname(), adminUrl: info.adminUrl }));
  renameSync(temporary, path);
}

function tryCreate(path: string): number | undefined {
  try {
    return openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw new TypewireError('PERSISTENCE_UNAVAILABLE', `cannot create the lock file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (!Number.isSafeInteger(parsed.pid) || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid!, host: parsed.host, ...(typeof parsed.adminUrl === 'string' ? { adminUrl: parsed.adminUrl } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * A lock from another machine (a shared folder) cannot be checked, so it
 * counts as alive. One naming this process but not held by it was left by an
 * earlier process that had the same pid.
 */
function isAlive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function release(path: string): void {
  if (!held.delete(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

function lockedError(folder: string, path: string, holder: Holder | undefined): TypewireError {
  const who = holder === undefined ? 'another process' : `process ${holder.pid} on ${holder.host}`;
  const reach = holder?.adminUrl !== undefined ? `its admin endpoint, ${holder.adminUrl}` : 'its admin endpoint, if it runs one';
  return new TypewireError(
    'PERSISTENCE_LOCKED',
    `the PGlite data folder ${folder} is in use by ${who}; PGlite opens a folder in one process at a time. ` +
      `Stop that process, or reach the folder through ${reach} (ops commands: --admin). ` +
      `If no such process runs, delete ${path}.`,
    { details: { folder, lockFile: path, ...holder } },
  );
}

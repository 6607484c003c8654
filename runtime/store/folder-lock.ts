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
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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
  // The real path: `data` and `./data` are one folder, and one lock.
  const path = join(realpathSync(folder), LOCK_FILE);
  if (held.has(path)) throw lockedError(folder, path, readHolder(readLock(path)) ?? { pid: process.pid, host: hostname() });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path)) {
      held.add(path);
      return { release: () => release(path) };
    }
    const seen = readLock(path);
    const holder = readHolder(seen);
    if (seen === undefined) continue; // released meanwhile: try again
    if (holder !== undefined ? isAlive(holder) : !isOldDebris(path)) throw lockedError(folder, path, holder);
    takeOver(path, seen);
  }
  throw lockedError(folder, path, readHolder(readLock(path)));
}

/**
 * Creates the lock with its content in one step: written to a file of its
 * own, then hard-linked into place, which fails if the lock exists. A reader
 * never sees a lock without its holder.
 */
function tryCreate(path: string): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temporary, JSON.stringify({ pid: process.pid, host: hostname() }));
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new TypewireError('PERSISTENCE_UNAVAILABLE', `cannot create the lock file ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Removes the stale lock `seen`, under a guard file, so that two processes
 * taking over the same stale lock cannot remove each other's new one: only
 * the guard's holder removes it, and only if it is still what it saw.
 */
function takeOver(path: string, seen: string): void {
  const guard = `${path}.takeover`;
  try {
    closeSync(openSync(guard, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process is taking over; a guard left by one that died mid-way is cleared after a while.
    if (isOldDebris(guard)) rmSync(guard, { force: true });
    return;
  }
  try {
    if (readLock(path) === seen) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

/** A file that no process could still be in the middle of writing. */
function isOldDebris(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > DEBRIS_AGE_MS;
  } catch {
    return true;
  }
}

const DEBRIS_AGE_MS = 10_000;

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
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
  let path: string;
  try {
    path = join(realpathSync(folder), LOCK_FILE);
  } catch {
    return; // no such folder: nothing held
  }
  if (!held.has(path)) return;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ pid: process.pid, host: hostname(), adminUrl: info.adminUrl }));
  renameSync(temporary, path);
}

function readHolder(content: string | undefined): Holder | undefined {
  if (content === undefined) return undefined;
  try {
    const parsed = JSON.parse(content) as Partial<Holder>;
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

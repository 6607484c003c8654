/**
 * A PostgreSQL server of a test's own, so the test may crash it: `initdb`
 * into a temporary directory and `pg_ctl` on a free loopback port, fsync on.
 * initdb refuses to run as root, so as root every command runs as the
 * `postgres` user (runuser). The directory is removed by `destroy()`.
 *
 * `privatePostgresUnavailable()` says why this cannot work here (not root nor
 * postgres, binaries missing); the caller fails under CI and skips elsewhere.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BINARIES = ['initdb', 'pg_ctl', 'postgres'];

interface Account {
  readonly uid: number;
  readonly gid: number;
}

function postgresAccount(): Account | undefined {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** undefined when a private server can be started; otherwise why not. */
export function privatePostgresUnavailable(): string | undefined {
  const missing = BINARIES.filter((name) => spawnSync('which', [name]).status !== 0);
  if (missing.length > 0) return `${missing.join(', ')} not on PATH`;
  const account = postgresAccount();
  if (!account) return 'no postgres user';
  const uid = process.getuid?.();
  if (uid !== 0 && uid !== account.uid) return `running as uid ${uid}: initdb needs root (to switch to postgres) or the postgres user`;
  if (uid === 0 && spawnSync('which', ['runuser']).status !== 0) return 'runuser is missing';
  return undefined;
}

export interface PrivatePostgres {
  readonly url: string;
  /** `pg_ctl stop -m immediate`: the server dies without a checkpoint, as in a crash. */
  crash(): Promise<void>;
  /** `pg_ctl start`, waiting until it accepts connections (after crash recovery). */
  start(): Promise<void>;
  /** Stops the server (if running) and removes its directory; never throws. */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Creates the cluster and starts the server. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const account = postgresAccount()!;
  const asPostgres = (command: string, args: ReadonlyArray<string>) =>
    process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, [...args]);
  const dir = mkdtempSync(join(tmpdir(), 'typewire-pg-'));
  const data = join(dir, 'data');
  const destroy = async (): Promise<void> => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    chownSync(dir, account.uid, account.gid);
    await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C']);
    const port = await freePort();
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=on -c max_connections=40`;
    const start = async (): Promise<void> => {
      await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
    };
    await start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      crash: async () => {
        await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      },
      start,
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}

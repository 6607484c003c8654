/**
 * `typewire serve` as a child process: waits for its ready log line (the one
 * carrying the addresses) and stops it with a signal.
 */
import { spawn } from 'node:child_process';
import { BIN } from './run-cli.js';

export interface ReadyLine {
  readonly tcp: string;
  readonly admin: string;
  readonly services: ReadonlyArray<string>;
  readonly msg: string;
}

export interface ServeProcess {
  readonly ready: ReadyLine;
  /** host:port of the TCP server. */
  readonly server: string;
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServe(config: string, timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', config], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`typewire serve printed no ready line in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.includes('"tcp"'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as ReadyLine);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`typewire serve exited ${code} before it was ready\n${stdout}\n${stderr}`));
    });
  });
  return {
    ready,
    server: ready.tcp.replace(/^tcp:\/\//, ''),
    output: () => `${stdout}\n--- stderr\n${stderr}`,
    stop: async (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}

/**
 * Starts consumer-child.ts as a separate Node process the tests can SIGKILL.
 * Node 20 cannot run TypeScript, and dist/ holds no test fixtures, so the
 * script is bundled with esbuild (as test/browser does for its page) from the
 * current sources; npm packages stay external and resolve from the repository's
 * node_modules, which is why the bundle is written under test-artifacts/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ChildConfig } from './fault-records.js';

const root = (path: string): string => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

export interface ChildScript {
  readonly path: string;
  remove(): void;
}

/** Bundles the child script once per test file; `remove()` deletes it. */
export async function bundleChild(): Promise<ChildScript> {
  const dir = root(`test-artifacts/faults/${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/consumer-child.mjs`;
  await build({
    entryPoints: [root('test/runtime/store/faults/consumer-child.ts')],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    conditions: ['typewire-source'],
    logLevel: 'silent',
  });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunningChild {
  readonly pid: number;
  /** Resolves once the child consumes; rejects if it exits first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<Exit>;
  /** Everything the child wrote to stderr (its reported errors). */
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
}

/** Every child started and not yet exited: killed by `killAll` after a test. */
const live = new Set<ChildProcess>();

export function startChild(script: ChildScript, config: ChildConfig): RunningChild {
  const child = spawn(process.execPath, [script.path], {
    env: { ...process.env, NODE_OPTIONS: '', TYPEWIRE_FAULT_CHILD: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready\n')) resolve();
    });
    void exited.then((exit) => reject(new Error(`child ${child.pid} exited before it was ready (${exit.code ?? exit.signal}): ${errors}`)));
  });
  ready.catch(() => undefined);
  return {
    pid: child.pid!,
    ready,
    exited,
    stderr: () => errors,
    kill: (signal) => void child.kill(signal),
  };
}

/** SIGKILLs every child still running and waits for them (afterEach). */
export async function killAll(): Promise<void> {
  const waiting = [...live].map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))));
  for (const child of live) child.kill('SIGKILL');
  await Promise.all(waiting);
}

/**
 * Runs the built CLI (`node bin/run.js`) as a child process, the way a user
 * does. The CLI runs from dist/, which `npm test` builds first; a clear
 * message beats a wall of "command not found" failures when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const BIN = join(REPO_ROOT, 'bin/run.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function assertBuilt(): void {
  for (const required of ['dist/cli/commands/generate.js', 'dist/runtime/index.js', 'dist/runtime/codegen.js']) {
    if (!existsSync(join(REPO_ROOT, required))) {
      throw new Error(`${required} is missing: the CLI runs from dist/. Run \`node scripts/build.mjs\` (or \`npm test\`, which builds first).`);
    }
  }
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Plain output: no colour, no production switches leaking in from the outer shell. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['FORCE_COLOR'];
  delete env['NODE_OPTIONS'];
  return { ...env, NO_COLOR: '1', ...extra };
}

export function runNode(args: ReadonlyArray<string>, options: RunOptions = {}): CliResult {
  const result = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(options.env),
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runCli(args: ReadonlyArray<string>, options: RunOptions = {}): CliResult {
  return runNode([BIN, ...args], options);
}

/** For assertion messages: everything the process said. */
export function describeRun(result: CliResult): string {
  return `exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

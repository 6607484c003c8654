/**
 * The path a new user walks, end to end, offline: `typewire init` → install
 * (here: symlinks to this repo instead of npm) → generate → scaffold a second
 * service → generate → typecheck → build → run → test. The project's own
 * package.json scripts are run (with `typewire` and `tsc` pointed at this
 * repo), so a broken script, template or generated-code change fails here.
 * This is also what keeps templates/ from rotting: both templates must compile
 * under the project's strict tsconfig and their tests must pass.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, describeRun, REPO_ROOT, runCli, runNode, type CliResult } from '../cli/helpers/run-cli.js';

const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
const STEP_TIMEOUT = 180_000;

let work: string;
let app: string;

/** Stands in for `npm install`: the packages the project needs, linked from this checkout. */
function linkDependencies(project: string): void {
  mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
  symlinkSync(REPO_ROOT, join(project, 'node_modules/typewire'), 'junction');
  symlinkSync(join(REPO_ROOT, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'), 'junction');
}

/**
 * Runs a package.json script the way `npm run` would, without npm: `a && b`
 * in order, stopping at the first failure, with `typewire` and `tsc` resolved
 * to this repo's copies. Only the shapes our templates use are supported, so
 * a template script that needs more fails loudly here.
 */
function runScript(project: string, name: string): CliResult {
  const scripts = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const script = scripts[name];
  if (script === undefined) throw new Error(`package.json has no "${name}" script`);
  let stdout = '';
  let stderr = '';
  for (const command of script.split(' && ')) {
    const [program, ...args] = command.trim().split(/\s+/);
    let result: CliResult;
    if (program === 'npm' && args[0] === 'run' && args[1] !== undefined) result = runScript(project, args[1]);
    else if (program === 'typewire') result = runNode([BIN, ...args], { cwd: project });
    else if (program === 'tsc') result = runNode([TSC, ...args], { cwd: project });
    else if (program === 'node') result = runNode(args, { cwd: project });
    else throw new Error(`the e2e runner does not know how to run "${command}" (script "${name}")`);
    stdout += result.stdout;
    stderr += result.stderr;
    if (result.status !== 0) return { status: result.status, stdout, stderr };
  }
  return { status: 0, stdout, stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'typewire-e2e-init-'));
  assertBuilt();
  app = join(work, 'app');
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('a new project, from init to passing tests', () => {
  it('init creates the project', () => {
    const result = runCli(['init', 'app'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(0);
    linkDependencies(app);
  });

  it('npm run generate compiles the greeter schemas', () => {
    const result = runScript(app, 'generate');
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^generated 3 messages, 1 service: /m);
  });

  it('scaffold service adds an inventory service, and generate picks it up', () => {
    const scaffold = runCli(['scaffold', 'service', 'inventory'], { cwd: app });
    expect(scaffold.status, describeRun(scaffold)).toBe(0);
    const result = runScript(app, 'generate');
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^generated 5 messages, 2 services: /m);
  });

  it('the project typechecks under its strict tsconfig (templates and generated code)', { timeout: STEP_TIMEOUT }, () => {
    const result = runScript(app, 'typecheck');
    expect(result.status, describeRun(result)).toBe(0);
  });

  it('npm run build, then npm start serves the greeter and calls it', { timeout: STEP_TIMEOUT }, () => {
    const build = runScript(app, 'build');
    expect(build.status, describeRun(build)).toBe(0);
    const start = runScript(app, 'start');
    expect(start.status, describeRun(start)).toBe(0);
    expect(start.stdout).toBe('Hello, world!\nevent greeter.greeted: world\n');
  });

  it('npm test passes: the greeter tests and the scaffolded service test', { timeout: STEP_TIMEOUT }, () => {
    const result = runScript(app, 'test');
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^# pass 3$/m);
    expect(result.stdout).toMatch(/^# fail 0$/m);
    expect(result.stdout).toContain('inventory.ping answers with pong');
  });

  it('generate --check agrees the committed output is fresh', () => {
    const result = runCli(['generate', '--check'], { cwd: app });
    expect(result.status, describeRun(result)).toBe(0);
  });
});

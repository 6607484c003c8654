import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, runCli } from '../helpers/run-cli.js';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'typewire-cli-init-'));
  assertBuilt();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('typewire init', () => {
  it('creates the project and prints the next steps', () => {
    const result = runCli(['init', 'app'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^created project app in app \(\d+ files\)$/m);
    expect(result.stdout).toMatch(/^ {2}cd app$/m);
    expect(result.stdout).toMatch(/^ {2}npm run generate$/m);
    for (const file of ['package.json', 'tsconfig.json', 'README.md', '.gitignore', 'src/main.ts', 'schemas/services/greeter.service.json']) {
      expect(existsSync(join(work, 'app', file)), file).toBe(true);
    }
  });

  it('refuses a non-empty folder: exit 1, CONFIG_INVALID, nothing written', () => {
    const dir = join(work, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const result = runCli(['init', 'busy'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: directory "busy" is not empty.*--force/m);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('writes into a non-empty folder with --force', () => {
    const result = runCli(['init', 'busy', '--force'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(0);
    expect(readdirSync(join(work, 'busy'))).toEqual(expect.arrayContaining(['keep.txt', 'package.json']));
  });

  it('without a folder argument is a usage error (exit 2)', () => {
    const result = runCli(['init'], { cwd: work });
    expect(result.status, describeRun(result)).toBe(2);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initProject, packageNameFor } from '../../../cli/scaffold/init-project.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';

const templatesDir = join(import.meta.dirname, '../../../templates');
let work: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'typewire-init-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('initProject', () => {
  it('writes the project template with every placeholder filled', () => {
    const result = initProject({ dir: join(work, 'My App'), templatesDir, typewireVersion: '1.2.3' });
    expect(result.name).toBe('my-app');
    expect(result.files).toEqual(
      expect.arrayContaining([
        '.gitignore',
        'README.md',
        'package.json',
        'tsconfig.json',
        'schemas/services/greeter.service.json',
        'src/main.ts',
        'src/services/greeter.ts',
        'test/greeter.test.ts',
      ]),
    );
    for (const file of result.files) {
      const text = readFileSync(join(result.dir, file), 'utf8');
      expect(text, file).not.toMatch(/__[A-Z][A-Z0-9_]*__/);
    }
  });

  it('writes a package.json that depends on typewire and has the documented scripts', () => {
    const { dir } = initProject({ dir: join(work, 'app'), templatesDir, typewireVersion: '1.2.3' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; type: string; dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.name).toBe('app');
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies['typewire']).toBe('^1.2.3');
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['generate', 'build', 'typecheck', 'start', 'test']));
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: 'NodeNext', moduleResolution: 'NodeNext' });
  });

  it('refuses a non-empty folder without --force and writes nothing', () => {
    const dir = join(work, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    let thrown: unknown;
    try {
      initProject({ dir, templatesDir, typewireVersion: '1.0.0' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypewireError);
    expect((thrown as TypewireError).code).toBe('CONFIG_INVALID');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('writes into a non-empty folder with force, keeping other files', () => {
    const dir = join(work, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    initProject({ dir, templatesDir, typewireVersion: '1.0.0', force: true });
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'package.json'))).toBe(true);
  });

  it('refuses a path that is a file', () => {
    const file = join(work, 'file');
    writeFileSync(file, '');
    expect(() => initProject({ dir: file, templatesDir, typewireVersion: '1.0.0', force: true })).toThrow(/not a directory/);
  });
});

describe('packageNameFor', () => {
  it('makes a folder name a valid npm name', () => {
    expect(packageNameFor('/x/My Cool_App!')).toBe('my-cool_app');
    expect(packageNameFor('/x/.hidden')).toBe('hidden');
    expect(packageNameFor('/x/!!!')).toBe('typewire-app');
  });
});

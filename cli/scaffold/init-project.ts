/**
 * `typewire init`: a new project from templates/project — package.json,
 * tsconfig, a greeter service schema with its messages, a handler, a main
 * that serves and calls it, a test and a README.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { fillPlaceholders, listTemplateFiles, outputName } from './render.js';

export interface InitProjectOptions {
  /** Where the project goes; created when missing. */
  readonly dir: string;
  /** The folder holding `project/` (the package's templates/). */
  readonly templatesDir: string;
  /** The typewire version the project depends on (`^<version>`). */
  readonly typewireVersion: string;
  /** Write into a non-empty folder, overwriting files the template has. */
  readonly force?: boolean;
}

export interface InitProjectResult {
  readonly dir: string;
  /** The npm package name chosen for the project. */
  readonly name: string;
  /** Files written, relative to `dir`, sorted. */
  readonly files: ReadonlyArray<string>;
}

/** A folder name as an npm package name: lower case, only URL-safe characters. */
export function packageNameFor(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'typewire-app' : name;
}

function assertWritable(dir: string, shown: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    throw new TypewireError('CONFIG_INVALID', `"${shown}" exists and is not a directory`, { details: { dir } });
  }
  const entries = readdirSync(dir);
  if (entries.length > 0 && !force) {
    throw new TypewireError('CONFIG_INVALID', `directory "${shown}" is not empty (${entries.length} entries); choose another or pass --force to write the template files into it`, {
      details: { dir, entries: entries.sort().slice(0, 10) },
    });
  }
}

export function initProject(options: InitProjectOptions): InitProjectResult {
  const dir = resolve(options.dir);
  assertWritable(dir, options.dir, options.force === true);
  const name = packageNameFor(dir);
  const templateDir = join(options.templatesDir, 'project');
  const values = { PROJECT_NAME: name, TYPEWIRE_VERSION: options.typewireVersion };

  // Render everything first so a template bug leaves no half-written project.
  const rendered = listTemplateFiles(templateDir).map((file) => ({
    path: outputName(file),
    text: fillPlaceholders(readFileSync(join(templateDir, file), 'utf8'), values, `project/${file}`),
  }));
  for (const file of rendered) {
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
  return { dir, name, files: rendered.map((f) => f.path).sort() };
}

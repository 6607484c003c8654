/**
 * Template rendering for `init` and `scaffold`: plain files with `__NAME__`
 * placeholders (upper case, so they are valid inside identifiers such as
 * `define__SERVICE_PASCAL__Service` and never collide with `__dirname`).
 * No template engine: what is in templates/ is what the user gets.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TypewireError } from '../../runtime/errors/typewire-error.js';

export type Placeholders = Readonly<Record<string, string>>;

const PLACEHOLDER = /__([A-Z][A-Z0-9_]*[A-Z0-9])__/g;

/** Replaces every `__KEY__`; a placeholder without a value is a template bug, reported before anything is written. */
export function fillPlaceholders(text: string, values: Placeholders, templateName: string): string {
  return text.replace(PLACEHOLDER, (match, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new TypewireError('INTERNAL_UNEXPECTED', `template ${templateName} uses unknown placeholder ${match}`);
    }
    return value;
  });
}

/**
 * Files that npm would drop or mangle when typewire is published are stored
 * under another name: `gitignore.tmpl` → `.gitignore`, `package.json.tmpl` →
 * `package.json` (a nested package.json would make templates/ look like a package).
 */
export function outputName(templatePath: string): string {
  const stripped = templatePath.endsWith('.tmpl') ? templatePath.slice(0, -'.tmpl'.length) : templatePath;
  return stripped.replace(/(^|\/)gitignore$/, '$1.gitignore');
}

/** Every file under `dir`, as sorted posix paths relative to it. */
export function listTemplateFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

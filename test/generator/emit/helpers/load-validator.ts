/**
 * Runs generated validator code in the test process. The module is written to
 * test-artifacts/ (git-ignored) and imported; its `typewire/codegen` import is
 * pointed at the ajv helper re-exports, the only codegen names a validator uses.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ValidateFunction } from '../../../../runtime/descriptors.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const HELPERS = pathToFileURL(join(REPO_ROOT, 'runtime', 'codegen', 'ajv-helpers.ts')).href;

export function artifactsDir(prefix: string): string {
  const base = join(REPO_ROOT, 'test-artifacts');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** Imports a generated validator module and returns its exports. */
export async function loadValidators(code: string): Promise<Record<string, ValidateFunction>> {
  const dir = artifactsDir('validator');
  try {
    const file = join(dir, 'validator.mjs');
    writeFileSync(file, code.replace(/from 'typewire\/codegen'/g, `from '${HELPERS}'`));
    return (await import(pathToFileURL(file).href)) as Record<string, ValidateFunction>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles one validator and returns it. */
export async function loadValidator(code: string, exportName: string): Promise<ValidateFunction> {
  const validate = (await loadValidators(code))[exportName];
  if (validate === undefined) throw new Error(`module does not export ${exportName}`);
  return validate;
}

/**
 * Loads emitted validator code the way an application would run it: as an ES
 * module whose only import is typewire's codegen entry. The code is written to
 * a temporary .mjs file with the `typewire/codegen` specifier replaced by the
 * absolute URL of the runtime's codegen module (a temp folder has no
 * node_modules to resolve the package name from), then imported.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODEGEN_MODULE } from '../../runtime/codegen-symbols.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';

/**
 * The URL of the built codegen module (dist/runtime/codegen.js when run as
 * `node dist/scripts/conformance.js`). Runners without `import.meta.resolve`
 * (vitest) must pass the URL themselves.
 */
export function defaultCodegenUrl(): string {
  if (typeof import.meta.resolve !== 'function') {
    throw typewireError('CONFIG_INVALID', `import.meta.resolve is not available here; pass the URL of ${CODEGEN_MODULE} explicitly`);
  }
  return import.meta.resolve(CODEGEN_MODULE);
}

const SPECIFIER = new RegExp(`(['"])${CODEGEN_MODULE.replace(/[/.]/g, '\\$&')}\\1`, 'g');

/** The code with every quoted `typewire/codegen` specifier pointing at `codegenUrl`. */
export function relinkCodegen(code: string, codegenUrl: string): string {
  return code.replace(SPECIFIER, JSON.stringify(codegenUrl));
}

export interface ModuleLoader {
  /** Imports `code` as a fresh module and returns its exports. */
  load(code: string): Promise<Record<string, unknown>>;
  /** Deletes the temporary files. */
  dispose(): void;
}

export function createModuleLoader(codegenUrl: string): ModuleLoader {
  const dir = mkdtempSync(join(tmpdir(), 'typewire-conformance-'));
  let count = 0;
  return {
    async load(code) {
      // A new file name per module: the ESM loader caches by URL.
      const file = join(dir, `validator-${++count}.mjs`);
      writeFileSync(file, relinkCodegen(code, codegenUrl));
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Builds a message's validator the way `typewire generate` does — the same
 * emitter, the same ajv standalone code — and loads it, so `typewire validate`
 * can never disagree with the validators a running service uses.
 *
 * The emitted module imports its helpers from `typewire/codegen`. A temp file
 * cannot resolve that bare specifier from wherever the temp folder is, so it is
 * replaced by the absolute URL of this package's own codegen entry.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emitValidatorModule } from '../../generator/emit/validator.js';
import type { MessageModel } from '../../generator/model/types.js';
import { CODEGEN_MODULE } from '../../runtime/codegen-symbols.js';
import type { ValidateFunction } from '../../runtime/descriptors.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';

const EXPORT_NAME = 'validate';

/** Rewrites `from 'typewire/codegen'` (either quote style) to an absolute module URL. */
export function pointCodegenImportsAt(code: string, codegenUrl: string): string {
  const escaped = CODEGEN_MODULE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return code.replace(new RegExp(`(['"])${escaped}\\1`, 'g'), JSON.stringify(codegenUrl));
}

function isValidateFunction(value: unknown): value is ValidateFunction {
  return typeof value === 'function';
}

export async function loadValidator(message: MessageModel): Promise<ValidateFunction> {
  const code = emitValidatorModule([{ exportName: EXPORT_NAME, schema: message.bundled, draft: message.draft }]);
  const codegenUrl = import.meta.resolve(CODEGEN_MODULE);
  const dir = mkdtempSync(join(tmpdir(), 'typewire-validate-'));
  try {
    const file = join(dir, 'validator.mjs');
    writeFileSync(file, pointCodegenImportsAt(code, codegenUrl));
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const validate = module[EXPORT_NAME];
    if (!isValidateFunction(validate)) {
      throw new TypewireError('INTERNAL_UNEXPECTED', `the validator module for ${message.name} does not export "${EXPORT_NAME}"`);
    }
    return validate;
  } finally {
    // The module is loaded; the file is not needed any more.
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Builds the validators of many messages in one module, with the emitter
 * `typewire generate` uses (so the CLI checks exactly what a service checks),
 * and loads it. Same approach as cli/instances/load-validator.ts, one temp
 * file for the whole schema set instead of one per message.
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
import { pointCodegenImportsAt } from '../instances/load-validator.js';

const exportName = (index: number): string => `validate${index}`;

/** Message name → its validator. */
export async function loadValidators(messages: ReadonlyArray<MessageModel>): Promise<Map<string, ValidateFunction>> {
  if (messages.length === 0) return new Map();
  const code = emitValidatorModule(messages.map((m, i) => ({ exportName: exportName(i), schema: m.bundled, draft: m.draft })));
  const dir = mkdtempSync(join(tmpdir(), 'typewire-wire-'));
  try {
    const file = join(dir, 'validators.mjs');
    writeFileSync(file, pointCodegenImportsAt(code, import.meta.resolve(CODEGEN_MODULE)));
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return new Map(
      messages.map((m, i) => {
        const validate = module[exportName(i)];
        if (typeof validate !== 'function') throw new TypewireError('INTERNAL_UNEXPECTED', `the validator module does not export a validator for ${m.name}`);
        return [m.name, validate as ValidateFunction];
      }),
    );
  } finally {
    // Loaded; the file is not needed any more.
    rmSync(dir, { recursive: true, force: true });
  }
}

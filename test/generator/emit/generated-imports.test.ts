/**
 * The contract with the runtime: generated code imports only the names listed
 * in runtime/codegen-symbols.ts, from `typewire/codegen`, or other generated
 * files; and never `require`s anything (ajv's standalone output would).
 */
import { describe, expect, it } from 'vitest';
import { CODEGEN_MODULE, CODEGEN_TYPES, CODEGEN_VALUES } from '../../../runtime/codegen-symbols.js';
import { codegenImportLines } from '../../../generator/emit/codegen-imports.js';
import { messageModel, objectSchema, schemaModel } from './helpers/model.js';
import { exampleModel } from './fixtures.js';
import { emitFiles } from './helpers/emit.js';

const allowed = new Set<string>([...CODEGEN_VALUES, ...CODEGEN_TYPES]);

/** Every `import ... from '...'` in a file: module and imported names. */
function importsOf(code: string): Array<{ module: string; names: string[] }> {
  return [...code.matchAll(/^import (?:type )?\{([^}]*)\} from '([^']+)';$/gm)].map((m) => ({
    module: m[2]!,
    names: m[1]!.split(',').map((n) => n.trim().replace(/^type /, '')).filter((n) => n !== ''),
  }));
}

describe('generated imports', () => {
  it('come only from typewire/codegen (listed names) or relative generated files', async () => {
    // A model that makes validators use every ajv helper they can: formats, unique items, string lengths.
    const rich = messageModel(
      objectSchema('Rich', { when: { type: 'string', format: 'date-time' }, tags: { type: 'array', uniqueItems: true }, name: { type: 'string', minLength: 1 } }),
    );
    const model = exampleModel();
    const files = await emitFiles(schemaModel([...model.messages, rich], model.services));
    const codegenNames = new Set<string>();
    for (const [path, code] of files) {
      const lines = code.split('\n').filter((line) => /^\s*(import|export .* from)\b/.test(line) && !line.startsWith('export {') && !line.startsWith('  '));
      for (const line of lines) expect(line, `${path}: ${line}`).toMatch(/^(import .* from '(typewire\/codegen|\.{1,2}\/[^']+\.js)';|export .* from '\.\/[^']+\.js';)$/);
      for (const { module, names } of importsOf(code)) {
        if (module !== CODEGEN_MODULE) continue;
        for (const name of names) {
          expect(allowed.has(name), `${path} imports ${name}`).toBe(true);
          codegenNames.add(name);
        }
      }
      expect(code, path).not.toContain('require(');
      expect(code, path).not.toMatch(/from ['"]ajv/);
    }
    // the validators really did need the helpers, so the rewrite was exercised
    for (const name of ['ajvEqual', 'ajvFormats', 'ajvUcs2length']) expect(codegenNames.has(name), name).toBe(true);
  });

  it('refuses a codegen name the runtime does not list', () => {
    expect(() => codegenImportLines(['defineMessage', 'somethingInternal'])).toThrow(/somethingInternal/);
    expect(codegenImportLines(['defineMessage'], ['MessageDescriptor'])).toBe(
      "import { defineMessage } from 'typewire/codegen';\nimport type { MessageDescriptor } from 'typewire/codegen';\n",
    );
  });
});

describe('determinism', () => {
  it('gives byte-identical files when the same model is emitted twice, with no timestamps', async () => {
    const first = await emitFiles(exampleModel());
    const again = await emitFiles(exampleModel());
    expect([...again.entries()]).toEqual([...first.entries()]);
    for (const [, code] of first) expect(code).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});

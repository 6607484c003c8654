/**
 * Imports from the runtime's codegen entry. The module specifier and the names
 * come from runtime/codegen-symbols.ts (the runtime owns that contract), so an
 * emitter asking for a name the runtime does not offer fails at generation
 * time instead of producing code that does not compile.
 */
import { CODEGEN_MODULE, CODEGEN_TYPES, CODEGEN_VALUES } from '../../runtime/codegen-symbols.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';

const VALUES: ReadonlySet<string> = new Set(CODEGEN_VALUES);
const TYPES: ReadonlySet<string> = new Set(CODEGEN_TYPES);

export { CODEGEN_MODULE };

export function isCodegenValue(name: string): boolean {
  return VALUES.has(name);
}

export function isCodegenType(name: string): boolean {
  return TYPES.has(name) || VALUES.has(name);
}

function checked(names: Iterable<string>, allowed: (name: string) => boolean, kind: string): string[] {
  const sorted = [...new Set(names)].sort();
  for (const name of sorted) {
    if (!allowed(name)) {
      throw typewireError('INTERNAL_UNEXPECTED', `generated code may not import ${kind} "${name}" from ${CODEGEN_MODULE}; see runtime/codegen-symbols.ts`);
    }
  }
  return sorted;
}

/** The sorted value names, each checked against the runtime's list. */
export function codegenValues(names: Iterable<string>): string[] {
  return checked(names, isCodegenValue, 'value');
}

/** The sorted type names, each checked against the runtime's list. */
export function codegenTypes(names: Iterable<string>): string[] {
  return checked(names, isCodegenType, 'type');
}

/**
 * `import { a, b } from 'typewire/codegen';` and `import type { ... }` lines
 * (TypeScript), or '' when nothing is needed.
 */
export function codegenImportLines(values: Iterable<string>, types: Iterable<string> = []): string {
  const v = codegenValues(values);
  const t = codegenTypes(types);
  let out = '';
  if (v.length > 0) out += `import { ${v.join(', ')} } from '${CODEGEN_MODULE}';\n`;
  if (t.length > 0) out += `import type { ${t.join(', ')} } from '${CODEGEN_MODULE}';\n`;
  return out;
}

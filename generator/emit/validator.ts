/**
 * Precompiled validators: ajv's standalone mode turns a schema into plain ESM
 * code at generation time, so nothing compiles a schema at run time. The code
 * then imports only from typewire's codegen entry (ajv would otherwise
 * `require` its helpers, ajv issues #2209 and #1976).
 *
 * `emitValidatorModule` is also the conformance script's way in: the JSON
 * Schema Test Suite runs through exactly this code path.
 */
import { Ajv as Ajv07, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { Draft } from '../model/types.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { TYPEWIRE_KEYWORDS, rawCode } from './ajv-keywords.js';
import { applyAjvWorkarounds } from './ajv-workarounds.js';
import { toPointer } from './schema-walk.js';
import { protoPropertyProblems } from './proto-properties.js';
import { keywordProblems } from './validator-keywords.js';
import { validatorSchema, type ValidatorSchema } from './validator-schema.js';
import { CODEGEN_MODULE, codegenTypes, codegenValues } from './codegen-imports.js';

export interface ValidatorEntry {
  /** The exported const, e.g. `validatePlaceOrderRequest`. */
  readonly exportName: string;
  /** The schema as written (typewire formats included); it is rewritten before compiling. */
  readonly schema: object | boolean;
  readonly draft: Draft;
}

/** ajv's standalone helper modules and the codegen names that replace them. */
const AJV_HELPERS: Readonly<Record<string, string>> = {
  'ajv/dist/runtime/equal': 'ajvEqual',
  'ajv/dist/runtime/ucs2length': 'ajvUcs2length',
  'ajv/dist/runtime/uri': 'ajvUri',
  'ajv/dist/runtime/validation_error': 'ajvValidationError',
};
const FORMATS_NAME = 'ajvFormats';

/**
 * Inbound validation: `allErrors` stays off (a hostile message must not make
 * the validator collect every error, the DoS fastify warns about).
 *
 * ajv's strict mode is off for schemas (`strictSchema`): it refuses valid JSON
 * Schema (`if` without `then`, `minContains` without `contains`, a property that
 * also matches a `patternProperties` pattern), and the JSON Schema Test Suite
 * expects those to work. Mistakes in user schemas are the front end's to report
 * (unknown keywords and formats, with file and pointer), and keywordProblems()
 * repeats that check here. `strictNumbers` stays on: msgpack can carry NaN and
 * Infinity, which must not pass as numbers.
 *
 * `ownProperties`: only a message's own keys count as present, so `required:
 * ["constructor"]` is not satisfied by Object.prototype (and nothing inherited
 * is ever validated as if the sender had sent it). It costs a hasOwnProperty
 * call per property check, and only matters when the schema names a property
 * that objects inherit, so it is on for exactly those schemas.
 */
function ajvOptions(ownProperties: boolean): Options {
  return {
    code: { source: true, esm: true, lines: true, formats: rawCode(FORMATS_NAME) },
    allErrors: false,
    strictSchema: false,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    ownProperties,
    logger: false,
  };
}

const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
const NAMING_KEYWORDS = new Set(['properties', 'dependentRequired', 'dependentSchemas', 'dependencies']);

/** Whether the schema names, anywhere, a property every object inherits (`constructor`, `toString`…). */
export function namesInheritedProperty(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(namesInheritedProperty);
  if (schema === null || typeof schema !== 'object') return false;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'required' && Array.isArray(value) && value.some((name) => INHERITED.has(String(name)))) return true;
    if (NAMING_KEYWORDS.has(key) && value !== null && typeof value === 'object' && Object.keys(value).some((name) => INHERITED.has(name))) return true;
    if (namesInheritedProperty(value)) return true;
  }
  return false;
}

function newAjv(draft: Draft, ownProperties: boolean): Ajv07 {
  const ajv = draft === '07' ? new Ajv07(ajvOptions(ownProperties)) : new Ajv2020(ajvOptions(ownProperties));
  addFormats(ajv, { mode: 'full', keywords: false });
  for (const keyword of TYPEWIRE_KEYWORDS) ajv.addKeyword(keyword);
  // ajv resolves `$anchor` but does not declare it as a keyword; declaring it keeps it known should strictSchema come back.
  if (draft === '2020-12') ajv.addKeyword({ keyword: '$anchor', schemaType: 'string' });
  return ajv;
}

// Both are CommonJS modules that also set `.default`; that property exists however the module is loaded.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv07, options: object) => void }).default;
const standalone = (standaloneModule as unknown as { default: (ajv: Ajv07, refs: Record<string, string>) => string }).default;

interface CompiledEntry {
  /** Standalone code for one entry, `export const <name> = validateN;` included; helpers not yet rewritten. */
  readonly code: string;
  readonly validateName: string;
}

interface EntryProblem {
  readonly code: 'SCHEMA_UNSUPPORTED_KEYWORD' | 'SCHEMA_INVALID';
  readonly path: ReadonlyArray<string>;
  readonly message: string;
}

/** What keeps a schema from becoming a validator, before ajv sees it: typos and unsupported keywords first. */
function entryProblems(entry: ValidatorEntry, rewritten: ValidatorSchema): EntryProblem[] {
  return [
    ...keywordProblems(entry.schema, entry.draft).map((p) => ({ ...p, code: 'SCHEMA_UNSUPPORTED_KEYWORD' as const })),
    ...protoPropertyProblems(entry.schema).map((p) => ({ ...p, code: 'SCHEMA_INVALID' as const })),
    ...rewritten.problems.map((p) => ({ ...p, code: 'SCHEMA_UNSUPPORTED_KEYWORD' as const })),
  ];
}

function compileEntry(entry: ValidatorEntry): CompiledEntry {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(entry.exportName)) {
    throw typewireError('VALIDATION_BAD_ARGUMENT', `validator export name "${entry.exportName}" is not an identifier`);
  }
  const rewritten = validatorSchema(entry.schema);
  const problem = entryProblems(entry, rewritten)[0];
  if (problem !== undefined) {
    throw typewireError(problem.code, `cannot compile a validator for ${entry.exportName}: ${problem.message} (at ${toPointer(problem.path) || '/'})`, {
      details: { exportName: entry.exportName, pointer: toPointer(problem.path) },
    });
  }
  const schema = applyAjvWorkarounds(rewritten.schema);
  const ajv = newAjv(entry.draft, namesInheritedProperty(schema));
  try {
    ajv.addSchema(schema as object, entry.exportName);
    const validate = ajv.getSchema(entry.exportName);
    if (validate === undefined) throw new Error('schema did not compile');
    if ((validate as { $async?: boolean }).$async === true) throw new Error('"$async" schemas are not supported: validators are synchronous');
    let code = standalone(ajv, { [entry.exportName]: entry.exportName });
    code = dropUnusedSchemaConsts(code.replace(/^"use strict";\n?/, ''));
    const match = new RegExp(`^export const ${entry.exportName} = (\\w+);$`, 'm').exec(code);
    if (match === null) throw new Error('unexpected standalone output');
    return { code, validateName: match[1]! };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /unknown (keyword|format)/.test(message) ? 'SCHEMA_UNSUPPORTED_KEYWORD' : 'SCHEMA_INVALID';
    throw typewireError(code, `cannot compile a validator for ${entry.exportName}: ${message}`, { cause: error, details: { exportName: entry.exportName } });
  }
}

/**
 * ajv's standalone output declares the root schema as a const (`const schema31 = {...}`)
 * even when no code reads it; dropping it keeps every schema from being shipped twice.
 */
function dropUnusedSchemaConsts(code: string): string {
  return code.replace(/^const (schema\d+) = .*;\n/gm, (line, name: string) => (code.split(new RegExp(`\\b${name}\\b`)).length - 1 === 1 ? '' : line));
}

/** Replaces `require(...)` of ajv helpers by codegen names; returns the names used. */
function rewriteRequires(code: string, used: Set<string>): string {
  let out = code.replace(/require\("([^"]+)"\)\.default/g, (whole, module: string) => {
    const name = AJV_HELPERS[module];
    if (name === undefined) return whole;
    used.add(name);
    return name;
  });
  out = out.replace(/require\("ajv-formats\/dist\/formats"\)\.fullFormats/g, () => FORMATS_NAME);
  if (new RegExp(`\\b${FORMATS_NAME}\\b`).test(out)) used.add(FORMATS_NAME);
  if (out.includes('require(')) {
    const at = out.indexOf('require(');
    throw typewireError('INTERNAL_UNEXPECTED', `validator code still requires a module: ${out.slice(at, at + 80)}`);
  }
  return out;
}

/**
 * One ESM module exporting one validator per entry (ajv standalone code,
 * `allErrors` off). It imports only from typewire/codegen. With one entry the
 * code is ajv's as is; with several, each entry is compiled on its own and
 * wrapped in a function scope so their internal names cannot clash.
 *
 * Throws TypewireError SCHEMA_INVALID or SCHEMA_UNSUPPORTED_KEYWORD when ajv
 * refuses a schema.
 */
export function emitValidatorModule(entries: ReadonlyArray<ValidatorEntry>): string {
  const used = new Set<string>();
  const names = new Set<string>();
  const bodies: string[] = [];
  for (const entry of entries) {
    if (names.has(entry.exportName)) throw typewireError('VALIDATION_BAD_ARGUMENT', `two validators are named ${entry.exportName}`);
    names.add(entry.exportName);
    const compiled = compileEntry(entry);
    const code = rewriteRequires(compiled.code, used).trimEnd();
    if (entries.length === 1) {
      bodies.push(code);
    } else {
      const body = code.replace(new RegExp(`^export const ${entry.exportName} = \\w+;\\n`, 'm'), '');
      bodies.push(`export const ${entry.exportName} = /* @__PURE__ */ (() => {\n${body}\nreturn ${compiled.validateName};\n})();`);
    }
  }
  const imports = used.size === 0 ? '' : `import { ${codegenValues(used).join(', ')} } from '${CODEGEN_MODULE}';\n`;
  return `${imports}${bodies.join('\n')}\n`;
}

/**
 * A validator as a TypeScript module, so a project's plain `tsc` compiles it
 * with everything else (a `.js` file would need `allowJs` or a copy step).
 * ajv's precompiled code is untyped JavaScript, so the file opts out of type
 * checking; its one export is typed explicitly, which is all callers see.
 */
export function emitValidatorSource(exportName: string, schema: object | boolean, draft: Draft): string {
  const code = emitValidatorModule([{ exportName, schema, draft }]);
  const exportLine = new RegExp(`^export const ${exportName} = (\\w+);\\n`, 'm');
  const match = exportLine.exec(code);
  if (match === null) throw typewireError('INTERNAL_UNEXPECTED', `validator code for ${exportName} has no export line`);
  return [
    '// @ts-nocheck: ajv emits untyped JavaScript; the export below carries the type.',
    `import type { ${codegenTypes(['ValidateFunction']).join(', ')} } from '${CODEGEN_MODULE}';`,
    code.replace(exportLine, '').trimEnd(),
    '',
    `export const ${exportName}: ValidateFunction = ${match[1]};`,
    '',
  ].join('\n');
}

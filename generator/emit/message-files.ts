/**
 * The two files of one message: `messages/<stem>.ts` (type and descriptor) and
 * `validators/<stem>.ts` (the precompiled validator, typed through its export).
 */
import type { MessageModel, SchemaIssue } from '../model/types.js';
import { isTypewireError } from '../../runtime/errors/typewire-error.js';
import {
  importSpecifier,
  messageDescriptorName,
  messageTypePath,
  validatorName,
  validatorPath,
} from '../naming/names.js';
import { codegenImportLines } from './codegen-imports.js';
import type { EmittedFile, EmitContext } from './emit-context.js';
import { headerLine } from './header.js';
import { specialPaths, structures } from './message-shape.js';
import { recordBuildersSource } from './record-builders.js';
import { declaredTypeNames, emitMessageType } from './message-type.js';
import { docComment, identifier, printLiteral } from './ts-literal.js';
import { emitValidatorSource } from './validator.js';
import { protoPropertyProblems } from './proto-properties.js';
import { problemPointer, validatorSchema } from './validator-schema.js';

export interface MessageFilesResult {
  readonly files: EmittedFile[];
  readonly issues: SchemaIssue[];
}

function issue(message: MessageModel, code: string, pointer: string, text: string): SchemaIssue {
  return { code, file: message.source.file, pointer, message: `message ${message.name}: ${text}` };
}

function validatorFiles(message: MessageModel, context: EmitContext): MessageFilesResult {
  const rewrite = validatorSchema(message.bundled);
  const issues = [
    ...protoPropertyProblems(message.bundled).map((p) => issue(message, 'SCHEMA_INVALID', problemPointer(message.source.pointer, p.path), p.message)),
    ...rewrite.problems.map((p) => issue(message, 'SCHEMA_UNSUPPORTED_KEYWORD', problemPointer(message.source.pointer, p.path), p.message)),
  ];
  if (issues.length > 0) return { files: [], issues };
  const exportName = validatorName(message.name);
  let code: string;
  try {
    code = emitValidatorSource(exportName, message.bundled, message.draft);
  } catch (error) {
    // ajv refusing the schema is the user's to fix; anything else is a bug here and propagates.
    if (!isTypewireError(error) || !error.code.startsWith('SCHEMA_')) throw error;
    return { files: [], issues: [issue(message, error.code, message.source.pointer, error.message)] };
  }
  const header = headerLine(context.version, [message.source.file]);
  return {
    files: [
      { path: validatorPath(message.name), content: `${header}\n${code}` },
    ],
    issues: [],
  };
}

/** Names the message file uses besides its own declarations; a titled subschema must not take one of them. */
function reservedNames(message: MessageModel): string[] {
  return [messageDescriptorName(message.name), validatorName(message.name), 'defineMessage', 'Uint8Array', ...message.references];
}

async function typeFile(message: MessageModel, context: EmitContext): Promise<MessageFilesResult> {
  const types = await emitMessageType(message, { sourceRoot: context.sourceRoot });
  const declared = declaredTypeNames(types);
  const issues: SchemaIssue[] = [];
  if (!declared.includes(message.name)) {
    issues.push(issue(message, 'SCHEMA_INVALID', message.source.pointer, `no type named "${message.name}" was emitted (got ${declared.join(', ') || 'nothing'})`));
  }
  const reserved = new Set(reservedNames(message));
  const seen = new Set<string>();
  for (const name of declared) {
    if (reserved.has(name) || seen.has(name)) {
      issues.push(issue(message, 'SCHEMA_DUPLICATE_NAME', message.source.pointer, `a titled subschema is named "${name}", which is already used in this message's file; rename its title`));
    }
    seen.add(name);
  }
  const shape = specialPaths(message.bundled);
  for (const p of shape.problems) issues.push(issue(message, 'SCHEMA_UNSUPPORTED_KEYWORD', problemPointer(message.source.pointer, p.path), p.message));
  if (issues.length > 0) return { files: [], issues };

  const path = messageTypePath(message.name);
  const imports = [
    codegenImportLines(['defineMessage']),
    `import { ${validatorName(message.name)} } from '${importSpecifier(path, validatorPath(message.name))}';\n`,
    ...message.references
      .filter((other) => other !== message.name)
      .map((other) => `import type { ${other} } from '${importSpecifier(path, messageTypePath(other))}';\n`),
  ].join('');
  const shapes = structures(message.bundled);
  const spec = {
    name: message.name,
    schemaId: message.schemaId,
    fingerprint: message.fingerprint,
    validate: identifier(validatorName(message.name)),
    structures: shapes,
    special: { int64: shape.int64, bytes: shape.bytes },
  };
  // Object literals per record shape let V8 build decoded objects with fixed hidden classes.
  const builders = shapes.length === 0 ? '' : `, ${recordBuildersSource(shapes)}`;
  const descriptor =
    docComment([`The ${message.name} message: its validator, codecs and schema fingerprint.`]) +
    `export const ${messageDescriptorName(message.name)} = defineMessage<${message.name}>(${printLiteral(spec)}${builders});\n`;
  const content = `${headerLine(context.version, [message.source.file])}\n${imports}\n${types}\n${descriptor}`;
  return { files: [{ path, content }], issues: [] };
}

export async function emitMessageFiles(message: MessageModel, context: EmitContext): Promise<MessageFilesResult> {
  const validators = validatorFiles(message, context);
  const type = await typeFile(message, context);
  return { files: [...validators.files, ...type.files], issues: [...validators.issues, ...type.issues] };
}

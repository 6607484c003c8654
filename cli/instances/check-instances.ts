/**
 * `typewire validate`: checks message instance files (JSON) against one
 * message type of a schema set. Each file gets its own result; one unreadable
 * or invalid file never stops the others from being checked.
 */
import { readFile } from 'node:fs/promises';
import { loadSchemaModel } from '../../generator/front.js';
import { specialPaths } from '../../generator/emit/message-shape.js';
import type { MessageModel, SchemaIssue } from '../../generator/model/types.js';
import { createJsonCodec } from '../../runtime/codec/json-codec.js';
import type { Codec } from '../../runtime/codec/codec.js';
import type { ValidateFunction } from '../../runtime/descriptors.js';
import { isTypewireError, TypewireError } from '../../runtime/errors/typewire-error.js';
import { toValidationIssues } from '../../runtime/validation/assert-valid.js';
import { closeNames } from './close-names.js';
import { loadValidator } from './load-validator.js';

export interface InstanceError {
  readonly code: string;
  /** JSON pointer into the instance; '' for the whole document. */
  readonly path: string;
  readonly message: string;
  /** JSON pointer into the message's schema, when a schema keyword failed. */
  readonly schemaPath?: string;
}

export interface InstanceResult {
  /** As given on the command line. */
  readonly file: string;
  readonly valid: boolean;
  readonly errors: ReadonlyArray<InstanceError>;
}

export interface CheckInstancesOptions {
  readonly schemasDir: string;
  /** The message type name (the schema's title, as generated: `PlaceOrderRequest`). */
  readonly type: string;
  readonly files: ReadonlyArray<string>;
  readonly onProgress?: (done: number, total: number, stage: string) => void;
}

export type CheckInstancesOutcome =
  | { readonly ok: true; readonly message: string; readonly results: ReadonlyArray<InstanceResult> }
  | { readonly ok: false; readonly issues: ReadonlyArray<SchemaIssue> };

function requireMessage(messages: ReadonlyArray<MessageModel>, type: string): MessageModel {
  const found = messages.find((m) => m.name === type);
  if (found) return found;
  const names = messages.map((m) => m.name);
  const suggestions = closeNames(type, names);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : `; known types: ${names.join(', ') || '(none)'}`;
  throw new TypewireError('NOT_FOUND_MESSAGE_TYPE', `no message type "${type}" in the schemas${hint}`, {
    details: { type, suggestions },
  });
}

/**
 * Reads one file with the runtime's own JSON codec, which restores int64
 * fields (JSON numbers or decimal strings) as bigint and bytes fields (base64)
 * as Uint8Array at the message's special paths, exactly as a service receiving
 * that JSON would; then runs the generated validator.
 */
async function checkFile(file: string, validate: ValidateFunction, codec: Codec<unknown>): Promise<InstanceResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file, valid: false, errors: [{ code: 'NOT_FOUND_FILE', path: '', message: `cannot read the file: ${reason}` }] };
  }
  let value: unknown;
  try {
    value = codec.decode(bytes);
  } catch (error) {
    // The codec throws SERIALIZATION_* errors (not JSON, bad UTF-8, an int64 that lost precision, bad base64).
    const code = isTypewireError(error) ? error.code : 'SERIALIZATION_DECODE_FAILED';
    const message = error instanceof Error ? error.message : String(error);
    return { file, valid: false, errors: [{ code, path: '', message }] };
  }
  if (validate(value)) return { file, valid: true, errors: [] };
  const errors = toValidationIssues(validate.errors).map((issue) => ({
    code: 'VALIDATION_FAILED',
    path: issue.path,
    message: issue.message,
    schemaPath: issue.schemaPath,
  }));
  return { file, valid: false, errors };
}

export async function checkInstances(options: CheckInstancesOptions): Promise<CheckInstancesOutcome> {
  const loaded = await loadSchemaModel(options.schemasDir, {
    onProgress: (done, total) => options.onProgress?.(done, total, 'reading schema files'),
  });
  if (!loaded.ok) return { ok: false, issues: loaded.issues };
  const message = requireMessage(loaded.model.messages, options.type);
  const validate = await loadValidator(message);
  const { int64, bytes } = specialPaths(message.bundled);
  const codec = createJsonCodec<unknown>({ name: message.name, special: { int64, bytes } });
  const results: InstanceResult[] = [];
  for (const [index, file] of options.files.entries()) {
    results.push(await checkFile(file, validate, codec));
    options.onProgress?.(index + 1, options.files.length, 'validating files');
  }
  return { ok: true, message: message.name, results };
}

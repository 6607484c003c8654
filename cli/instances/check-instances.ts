/**
 * `typewire validate`: checks message instance files (JSON) against one
 * message type of a schema set. Each file gets its own result; one unreadable
 * or invalid file never stops the others from being checked.
 */
import { readFile } from 'node:fs/promises';
import { loadSchemaModel } from '../../generator/front.js';
import { specialPaths } from '../../generator/emit/message-shape.js';
import type { MessageModel, SchemaIssue } from '../../generator/model/types.js';
import type { SpecialPaths, ValidateFunction } from '../../runtime/descriptors.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { toValidationIssues } from '../../runtime/validation/assert-valid.js';
import { closeNames } from './close-names.js';
import { loadValidator } from './load-validator.js';
import { restoreSpecialValues } from './special-values.js';

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

async function checkFile(file: string, validate: ValidateFunction, special: SpecialPaths): Promise<InstanceResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file, valid: false, errors: [{ code: 'CONFIG_INVALID', path: '', message: `cannot read the file: ${reason}` }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file, valid: false, errors: [{ code: 'SERIALIZATION_DECODE_FAILED', path: '', message: `not valid JSON: ${reason}` }] };
  }
  const { value, problems } = restoreSpecialValues(parsed, special);
  const errors: InstanceError[] = problems.map((p) => ({ code: 'VALIDATION_FAILED', path: p.path, message: p.message }));
  if (!validate(value)) {
    for (const issue of toValidationIssues(validate.errors)) {
      errors.push({ code: 'VALIDATION_FAILED', path: issue.path, message: issue.message, schemaPath: issue.schemaPath });
    }
  }
  return { file, valid: errors.length === 0, errors };
}

export async function checkInstances(options: CheckInstancesOptions): Promise<CheckInstancesOutcome> {
  const loaded = await loadSchemaModel(options.schemasDir, {
    onProgress: (done, total) => options.onProgress?.(done, total, 'reading schema files'),
  });
  if (!loaded.ok) return { ok: false, issues: loaded.issues };
  const message = requireMessage(loaded.model.messages, options.type);
  const validate = await loadValidator(message);
  const { int64, bytes } = specialPaths(message.bundled);
  const results: InstanceResult[] = [];
  for (const [index, file] of options.files.entries()) {
    results.push(await checkFile(file, validate, { int64, bytes }));
    options.onProgress?.(index + 1, options.files.length, 'validating files');
  }
  return { ok: true, message: message.name, results };
}

import type { AjvErrorObject, MessageDescriptor } from '../descriptors.js';
import { TypewireError } from '../errors/typewire-error.js';

/** One reason a message failed its schema, as callers and the CLI report it. */
export interface ValidationIssue {
  /** JSON pointer into the message (`/items/0/quantity`); '' for the root. */
  readonly path: string;
  /** JSON pointer into the schema (`#/properties/items/items/properties/quantity/minimum`). */
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message: string;
}

export type ValidationDirection = 'inbound' | 'outbound';

export function toValidationIssues(errors: ReadonlyArray<AjvErrorObject> | null | undefined): ValidationIssue[] {
  if (!errors) return [];
  return errors.map((e) => ({
    path: e.instancePath,
    schemaPath: e.schemaPath,
    keyword: e.keyword,
    message: describe(e),
  }));
}

function describe(e: AjvErrorObject): string {
  const where = e.instancePath === '' ? 'message' : e.instancePath;
  if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') {
    return `${where} has unknown property "${e.params['additionalProperty']}"`;
  }
  if (e.keyword === 'required' && typeof e.params['missingProperty'] === 'string') {
    return `${where} is missing required property "${e.params['missingProperty']}"`;
  }
  return `${where} ${e.message ?? `fails ${e.keyword}`}`;
}

/**
 * Validates `value` against its precompiled validator; throws VALIDATION_FAILED
 * naming the message type, each instance path and schema path. The validator
 * runs without `allErrors`, so hostile input costs one failing check, not all.
 */
export function assertValid<T>(descriptor: MessageDescriptor<T>, value: unknown, direction: ValidationDirection): asserts value is T {
  if (descriptor.validate(value)) return;
  const errors = toValidationIssues(descriptor.validate.errors);
  const first = errors[0];
  const summary = first ? `${first.message} (schema ${first.schemaPath})` : 'does not match its schema';
  throw new TypewireError('VALIDATION_FAILED', `${direction} ${descriptor.name} is invalid: ${summary}`, {
    details: { message: descriptor.name, schemaId: descriptor.schemaId, direction, errors },
  });
}

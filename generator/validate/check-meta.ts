/**
 * Checks files against their meta-schemas: service definitions against the
 * typewire service meta-schema, and each schema root against its draft's
 * meta-schema (so `"type": "strng"` is caught at build time, not by ajv later).
 */
import type { SchemaDocument } from '../load/documents.js';
import type { IssueList } from '../load/issues.js';
import type { SchemaRoot } from '../resolve/schema-roots.js';
import { reportAjvErrors } from './ajv-messages.js';
import { draftMetaValidator, serviceValidator } from './meta-validators.js';

export function checkServiceDocument(doc: SchemaDocument, issues: IssueList): void {
  const validate = serviceValidator();
  if (!validate(doc.value)) reportAjvErrors(validate.errors ?? [], doc.file, '', issues);
}

export function checkSchemaMeta(root: SchemaRoot, issues: IssueList): void {
  const validate = draftMetaValidator(root.draft);
  if (!validate(root.value)) reportAjvErrors(validate.errors ?? [], root.file, root.pointer, issues);
}

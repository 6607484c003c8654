/**
 * The generator's front end: schema files in, the intermediate model out.
 *
 *   load (JSON/YAML) → resolve `$ref`s → check (meta-schemas, keywords, refs)
 *   → model (messages, services)
 *
 * Every problem is collected and reported at once; the model is returned only
 * when there are none. Emitters read the model and never the files.
 */
import type { MessageModel, SchemaIssue, SchemaModel, ServiceModel } from './model/types.js';
import { discoverSchemaFiles } from './load/discover.js';
import { readDocuments } from './load/documents.js';
import { compare, IssueList } from './load/issues.js';
import { buildRegistry } from './resolve/registry.js';
import { createResolver } from './resolve/resolve-ref.js';
import { findSchemaRoots } from './resolve/schema-roots.js';
import { checkKeywords } from './validate/check-keywords.js';
import { checkSchemaMeta, checkServiceDocument } from './validate/check-meta.js';
import { checkRefs } from './validate/check-refs.js';
import { buildMessages } from './model/build-messages.js';
import { buildService, isModelable } from './model/build-services.js';
import { checkServices } from './model/build-checks.js';
import { declaredEvents, linkSubscriptions } from './model/build-subscriptions.js';
import { TypewireError } from '../runtime/errors/typewire-error.js';

export interface FrontOptions {
  /** Called after each file is read and parsed (the CLI prints progress for large sets). */
  onProgress?: (done: number, total: number, file: string) => void;
}

export type FrontResult =
  | { ok: true; model: SchemaModel; files: string[] }
  | { ok: false; issues: SchemaIssue[] };

export async function loadSchemaModel(schemasDir: string, options: FrontOptions = {}): Promise<FrontResult> {
  const issues = new IssueList();
  const discovery = await discoverSchemaFiles(schemasDir);
  if (discovery.files.length === 0) {
    const why = discovery.exists
      ? 'holds no schema files (expected messages/**/*.json|yaml and services/**/*.service.json|yaml)'
      : 'does not exist';
    return { ok: false, issues: [{ code: 'SCHEMA_NO_INPUT', file: '', pointer: '', message: `the schemas folder ${JSON.stringify(schemasDir)} ${why}` }] };
  }
  for (const file of discovery.misplaced) {
    issues.add('SCHEMA_INVALID', file, '', 'files under services/ must be named <name>.service.json, .service.yaml or .service.yml');
  }

  const docs = await readDocuments(schemasDir, discovery.files, issues, options.onProgress);
  const parsed = new Set(docs.map((d) => d.file));
  const unparsed = new Set(discovery.files.map((f) => f.file).filter((f) => !parsed.has(f)));

  for (const doc of docs) if (doc.kind === 'service') checkServiceDocument(doc, issues);
  const roots = findSchemaRoots(docs, issues);
  const registry = buildRegistry(docs, roots, issues);
  const resolve = createResolver(registry, unparsed);
  for (const root of roots) {
    checkSchemaMeta(root, issues);
    checkKeywords(root, issues);
  }
  checkRefs(registry, resolve, issues);

  const { messages, slotMessages } = buildMessages(registry, resolve, issues);
  const built = docs
    .filter(isModelable)
    .map((doc) => buildService(doc, slotMessages))
    .sort((a, b) => compare(a.name, b.name) || compare(a.source.file, b.source.file));
  checkServices(built, issues);
  const services = linkSubscriptions(built, declaredEvents(docs), issues);

  if (issues.size > 0) return { ok: false, issues: issues.sorted() };
  return { ok: true, model: { messages, services }, files: discovery.files.map((f) => f.file) };
}

/** The message with this type name, if the model has one. */
export function findMessage(model: SchemaModel, name: string): MessageModel | undefined {
  return model.messages.find((m) => m.name === name);
}

/** The service with this name (as written in its file), if the model has one. */
export function findService(model: SchemaModel, name: string): ServiceModel | undefined {
  return model.services.find((s) => s.name === name);
}

/** One line per issue: `services/orders.service.json#/methods/x: [SCHEMA_INVALID] unknown key "timeout"`. */
export function formatIssue(issue: SchemaIssue): string {
  const where = issue.file === '' ? '' : issue.pointer === '' ? `${issue.file}: ` : `${issue.file}#${issue.pointer}: `;
  return `${where}[${issue.code}] ${issue.message}`;
}

/** The issues as one TypewireError (code of the first issue; `details.issues` holds them all). */
export function schemaIssuesError(issues: ReadonlyArray<SchemaIssue>): TypewireError {
  const first = issues[0];
  const code = first?.code ?? 'SCHEMA_INVALID';
  const summary = issues.length === 1 && first !== undefined ? formatIssue(first) : `${issues.length} problems in the schemas:\n${issues.map(formatIssue).join('\n')}`;
  return new TypewireError(code, summary, { details: { issues } });
}

export { SUPPORTED_KEYWORDS, KNOWN_FORMATS, TYPEWIRE_FORMATS } from './validate/keywords.js';
export { SERVICE_SCHEMA, SERVICE_SCHEMA_ID, SERVICE_DEFAULTS, RESERVED_METHOD_NAMES } from './meta/service-schema.js';
export { topicMatches } from './model/build-topics.js';
export type { MessageModel, SchemaIssue, SchemaModel, ServiceModel } from './model/types.js';

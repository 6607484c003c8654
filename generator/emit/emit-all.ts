/**
 * Runs every emitter over the model and returns the generated files in
 * memory, sorted by path. Nothing is written here (see generator/write/).
 */
import type { SchemaIssue, SchemaModel } from '../model/types.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { emitAsyncApiFile } from './asyncapi.js';
import { checkNames } from './check-names.js';
import type { EmitContext, EmittedFile } from './emit-context.js';
import { emitEventsFile } from './events-file.js';
import { emitIndexFile } from './index-file.js';
import { emitMessageFiles } from './message-files.js';
import { emitRoutesFile } from './routes-file.js';
import { emitServiceFile } from './service-file.js';

export type EmitResult = { readonly ok: true; readonly files: EmittedFile[] } | { readonly ok: false; readonly issues: SchemaIssue[] };

export type EmitProgress = (done: number, total: number, item: string) => void;

/** Every message and event a service names must be in the model; the front end guarantees it, this makes sure. */
function checkReferences(model: SchemaModel): void {
  const messages = new Set(model.messages.map((m) => m.name));
  const events = new Set(model.services.flatMap((s) => s.events.map((e) => `${s.name}/${e.name}`)));
  const missing: string[] = [];
  const need = (name: string | undefined, where: string): void => {
    if (name !== undefined && !messages.has(name)) missing.push(`${where} names message "${name}"`);
  };
  for (const m of model.messages) for (const r of m.references) need(r, `message ${m.name}`);
  for (const s of model.services) {
    for (const m of s.methods) {
      need(m.request, `${s.name}.${m.name}`);
      need(m.response, `${s.name}.${m.name}`);
      for (const e of m.errors) need(e.details, `${s.name}.${m.name} error ${e.code}`);
    }
    for (const e of s.events) need(e.payload, `event ${s.name}.${e.name}`);
    for (const q of s.queues) need(q.message, `queue ${s.name}.${q.name}`);
    for (const sub of s.subscriptions) {
      for (const ref of sub.events) if (!events.has(`${ref.service}/${ref.event}`)) missing.push(`subscription ${s.name}.${sub.name} names event ${ref.service}.${ref.event}`);
    }
  }
  if (missing.length > 0) throw typewireError('INTERNAL_UNEXPECTED', `the schema model is inconsistent: ${missing.join('; ')}`);
}

function compareIssues(a: SchemaIssue, b: SchemaIssue): number {
  const ka = `${a.file}\u0000${a.pointer}\u0000${a.code}\u0000${a.message}`;
  const kb = `${b.file}\u0000${b.pointer}\u0000${b.code}\u0000${b.message}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export async function emitAll(model: SchemaModel, context: EmitContext, onProgress?: EmitProgress): Promise<EmitResult> {
  checkReferences(model);
  const nameIssues = checkNames(model);
  if (nameIssues.length > 0) return { ok: false, issues: nameIssues.sort(compareIssues) };

  const files: EmittedFile[] = [];
  const issues: SchemaIssue[] = [];
  const total = model.messages.length + model.services.length;
  let done = 0;
  for (const message of model.messages) {
    const result = await emitMessageFiles(message, context);
    files.push(...result.files);
    issues.push(...result.issues);
    onProgress?.(++done, total, message.source.file);
  }
  for (const service of model.services) {
    const events = emitEventsFile(service, context);
    if (events !== undefined) files.push(events);
    files.push(emitServiceFile(service, context));
    onProgress?.(++done, total, service.source.file);
  }
  if (issues.length > 0) return { ok: false, issues: issues.sort(compareIssues) };
  files.push(emitRoutesFile(model, context), emitIndexFile(model, context), emitAsyncApiFile(model, context));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < files.length; i++) {
    if (files[i]!.path === files[i - 1]!.path) throw typewireError('INTERNAL_UNEXPECTED', `two generated files share the path ${files[i]!.path}`);
  }
  return { ok: true, files };
}

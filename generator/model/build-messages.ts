/**
 * Decides which schemas become messages and builds their models: every
 * message file, and every schema a service slot uses (inline, or the target
 * of its `$ref`). A `$ref` to a message file is that message, not a copy.
 */
import type { Draft, MessageModel } from './types.js';
import { compare, type IssueList } from '../load/issues.js';
import { typeName } from '../naming/names.js';
import { bundleSchema } from '../resolve/bundle.js';
import { fingerprint } from '../resolve/fingerprint.js';
import { getAtPointer, joinPointer } from '../resolve/pointer.js';
import { describeLocation, locationKey, safeUrl, type Location, type SchemaRegistry } from '../resolve/registry.js';
import type { RefResolver } from '../resolve/resolve-ref.js';
import { isSchemaObject, type SchemaObject } from '../resolve/subschemas.js';

export interface MessageBuild {
  /** Sorted by name. */
  readonly messages: ReadonlyArray<MessageModel>;
  /** Service slot (`file#pointer`) → the name of the message it uses. */
  readonly slotMessages: ReadonlyMap<string, string>;
}

interface Candidate {
  readonly name: string;
  readonly at: Location;
  readonly draft: Draft;
  readonly value: SchemaObject;
}

export function buildMessages(registry: SchemaRegistry, resolve: RefResolver, issues: IssueList): MessageBuild {
  const byLocation = new Map<string, Candidate>();
  const slotMessages = new Map<string, string>();
  const add = (candidate: Candidate): void => void byLocation.set(locationKey(candidate.at), candidate);

  for (const doc of registry.documents.values()) {
    if (doc.kind !== 'message') continue;
    if (!isSchemaObject(doc.value)) {
      issues.add('SCHEMA_INVALID', doc.file, '', 'a message file must hold one JSON Schema object, with a "title"');
    } else if (!('title' in doc.value)) {
      issues.add('SCHEMA_INVALID', doc.file, '', 'missing "title": the title names the message\'s TypeScript type');
    } else if (typeof doc.value.title === 'string') {
      add({ name: typeName(doc.value.title), at: { file: doc.file, pointer: '' }, draft: registry.draftAt({ file: doc.file, pointer: '' }) ?? '2020-12', value: doc.value });
    }
  }

  // Inline slots first, so a slot that refers to another service's inline schema finds its message.
  const slots = registry.roots.filter((r) => r.slot !== undefined);
  const ordered = [...slots.filter((r) => !isRefOnly(r.value)), ...slots.filter((r) => isRefOnly(r.value))];
  for (const root of ordered) {
    let at: Location = { file: root.file, pointer: root.pointer };
    if (isRefOnly(root.value)) {
      const resolution = resolve(at, root.value.$ref);
      if (!resolution.ok) continue; // reported by the ref check
      at = resolution.target;
    }
    const known = byLocation.get(locationKey(at));
    if (known !== undefined) {
      slotMessages.set(locationKey(root), known.name);
      continue;
    }
    const lookup = getAtPointer(registry.documents.get(at.file)?.value, at.pointer);
    const value = lookup.found ? lookup.value : undefined;
    if (!isSchemaObject(value)) {
      issues.add('SCHEMA_INVALID', root.file, root.pointer, `a message schema must be an object, but ${describeLocation(at)} is not`);
      continue;
    }
    const title = typeof value.title === 'string' && value.title.trim() !== '' ? value.title : undefined;
    const name = title === undefined ? root.slot!.derivedName : typeName(title);
    add({ name, at, draft: registry.draftAt(at) ?? root.draft, value });
    slotMessages.set(locationKey(root), name);
  }

  const names = new Map<string, string>([...byLocation].map(([key, c]) => [key, c.name]));
  const messageAt = (l: Location): string | undefined => names.get(locationKey(l));
  const kept = keepDistinct([...byLocation.values()], registry, resolve, messageAt, issues);

  const messages = kept.map(({ candidate, bundled, print }): MessageModel => {
    const types = bundleSchema({ registry, resolve, root: candidate.at, draft: candidate.draft, messageAt, mode: 'types' });
    const description = candidate.value.description;
    return {
      name: candidate.name,
      schemaId: schemaId(registry, candidate),
      ...(typeof description === 'string' ? { description } : {}),
      source: candidate.at,
      draft: candidate.draft,
      bundled,
      typeSchema: types.schema,
      references: types.references,
      fingerprint: print,
    };
  });
  return { messages, slotMessages };
}

interface Bundled {
  readonly candidate: Candidate;
  readonly bundled: Record<string, unknown>;
  readonly print: string;
}

/**
 * One message per name: identical schemas reached from two places collapse
 * into one; different schemas with the same name are an error naming both.
 */
function keepDistinct(
  candidates: Candidate[],
  registry: SchemaRegistry,
  resolve: RefResolver,
  messageAt: (l: Location) => string | undefined,
  issues: IssueList,
): Bundled[] {
  const ordered = candidates.sort((a, b) => compare(a.name, b.name) || compare(a.at.file, b.at.file) || compare(a.at.pointer, b.at.pointer));
  const kept = new Map<string, Bundled>();
  for (const candidate of ordered) {
    const bundled = bundleSchema({ registry, resolve, root: candidate.at, draft: candidate.draft, messageAt, mode: 'inline' }).schema;
    const print = fingerprint(bundled);
    const first = kept.get(candidate.name);
    if (first === undefined) kept.set(candidate.name, { candidate, bundled, print });
    else if (first.print !== print) {
      const pointer = 'title' in candidate.value ? joinPointer(candidate.at.pointer, 'title') : candidate.at.pointer;
      issues.add('SCHEMA_DUPLICATE_NAME', candidate.at.file, pointer,
        `two different schemas are both named "${candidate.name}": ${describeLocation(first.candidate.at)} and ${describeLocation(candidate.at)}; give one of them another title`);
    }
  }
  return [...kept.values()];
}

/** A slot that only points elsewhere: `{ "$ref": "..." }`, optionally with a description or comment. */
function isRefOnly(value: unknown): value is { readonly $ref: string } {
  return isSchemaObject(value) && typeof value.$ref === 'string' && Object.keys(value).every((k) => k === '$ref' || k === 'description' || k === '$comment');
}

function schemaId(registry: SchemaRegistry, candidate: Candidate): string {
  const id = candidate.value.$id;
  if (typeof id === 'string' && !id.startsWith('#')) {
    const url = safeUrl(id, registry.baseAt(candidate.at));
    if (url !== undefined) return url.href;
  }
  return `typewire:${candidate.at.file}#${candidate.at.pointer}`;
}

/**
 * Turns the schema at one location into a self-contained schema: every `$ref`
 * that leaves it is inlined once under `$defs` (`definitions` for draft-07)
 * and every `$ref` becomes a local JSON pointer. In `types` mode a `$ref` to
 * another message becomes `{ "tsType": "<Name>" }` instead, so the type
 * emitter imports that message's type rather than repeating it.
 */
import type { Draft } from '../model/types.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { typeName } from '../naming/names.js';
import { DEFINITIONS_KEY, DRAFT_URIS } from './draft.js';
import { getAtPointer, isWithin, joinPointer, pointerToFragment } from './pointer.js';
import type { Location, SchemaRegistry } from './registry.js';
import type { RefResolver } from './resolve-ref.js';
import { isSchemaObject, mapChildSchemas } from './subschemas.js';

export interface BundleInput {
  readonly registry: SchemaRegistry;
  readonly resolve: RefResolver;
  readonly root: Location;
  readonly draft: Draft;
  /** The message rooted at a location, if any (names inlined definitions; drives `types` mode). */
  readonly messageAt: (location: Location) => string | undefined;
  readonly mode: 'inline' | 'types';
}

export interface BundleOutput {
  readonly schema: Record<string, unknown>;
  /** Other messages replaced by `tsType` (types mode only), sorted. */
  readonly references: ReadonlyArray<string>;
}

interface Inlined {
  readonly at: Location;
  readonly key: string;
  schema: unknown;
}

export function bundleSchema(input: BundleInput): BundleOutput {
  const { registry, resolve, root, draft, messageAt, mode } = input;
  const rootValue = valueAt(registry, root);
  if (!isSchemaObject(rootValue)) {
    throw typewireError('INTERNAL_UNEXPECTED', `bundleSchema: no schema object at ${root.file}#${root.pointer}`);
  }
  const self = messageAt(root);
  const defsKey = DEFINITIONS_KEY[draft];
  const existingDefs = isSchemaObject(rootValue[defsKey]) ? Object.keys(rootValue[defsKey]) : [];
  const usedKeys = new Set(existingDefs);
  const inlined: Inlined[] = [];
  const references = new Set<string>();

  const localPointer = (target: Location): string => {
    if (target.file === root.file && isWithin(target.pointer, root.pointer)) return target.pointer.slice(root.pointer.length);
    for (const entry of inlined) {
      if (target.file === entry.at.file && isWithin(target.pointer, entry.at.pointer)) {
        return joinPointer('', defsKey, entry.key) + target.pointer.slice(entry.at.pointer.length);
      }
    }
    // Registered before copying, so a cycle (A → B → A) finds it and terminates.
    const entry: Inlined = { at: target, key: uniqueKey(definitionName(registry, target, messageAt), usedKeys), schema: undefined };
    inlined.push(entry);
    entry.schema = copy(target, valueAt(registry, target), false);
    return joinPointer('', defsKey, entry.key);
  };

  function copy(at: Location, value: unknown, isRoot: boolean): unknown {
    if (!isSchemaObject(value)) return value;
    const out = mapChildSchemas(value, (child, path) => copy({ file: at.file, pointer: joinPointer(at.pointer, ...path) }, child, false));
    if (!isRoot) {
      // Inlined copies must not carry their own identity: ajv would treat them as separate resources.
      delete out.$id;
      delete out.$schema;
    }
    delete out.$anchor; // every ref becomes a pointer, so anchors have nothing left to do
    if (typeof value.$ref === 'string') {
      const resolution = resolve(at, value.$ref);
      if (resolution.ok) {
        const other = messageAt(resolution.target);
        if (mode === 'types' && other !== undefined) {
          delete out.$ref;
          out.tsType = other;
          if (other !== self) references.add(other);
        } else {
          out.$ref = pointerToFragment(localPointer(resolution.target));
        }
      }
    }
    return out;
  }

  const { $schema: _written, ...body } = copy(root, rootValue, true) as Record<string, unknown>;
  // Always explicit and normalized (inline service schemas have none): the draft decides which ajv class compiles it.
  const schema: Record<string, unknown> = { $schema: DRAFT_URIS[draft], ...body };
  if (inlined.length > 0) {
    const defs: Record<string, unknown> = isSchemaObject(schema[defsKey]) ? { ...schema[defsKey] } : {};
    for (const entry of inlined) defs[entry.key] = entry.schema;
    schema[defsKey] = defs;
  }
  return { schema, references: [...references].sort() };
}

function valueAt(registry: SchemaRegistry, at: Location): unknown {
  const lookup = getAtPointer(registry.documents.get(at.file)?.value, at.pointer);
  return lookup.found ? lookup.value : undefined;
}

/** A readable `$defs` key: the message's name, the schema's title, or the file and pointer it came from. */
function definitionName(registry: SchemaRegistry, at: Location, messageAt: (l: Location) => string | undefined): string {
  const message = messageAt(at);
  if (message !== undefined) return message;
  const value = valueAt(registry, at);
  if (isSchemaObject(value) && typeof value.title === 'string' && value.title.trim() !== '') return typeName(value.title);
  const stem = (at.file.split('/').pop() ?? '').replace(/(\.service)?\.(json|ya?ml)$/, '');
  const last = at.pointer.split('/').pop() ?? '';
  return typeName(`${stem} ${last}`);
}

function uniqueKey(wanted: string, used: Set<string>): string {
  let key = wanted;
  for (let n = 2; used.has(key); n++) key = `${wanted}${n}`;
  used.add(key);
  return key;
}

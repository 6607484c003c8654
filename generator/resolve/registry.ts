/**
 * An index of everything a `$ref` can point at: each file (by its path), each
 * `$id` (root or nested), each `$anchor`, and every location that holds a
 * schema. Built once from the schema roots; the resolver reads it.
 */
import type { Draft } from '../model/types.js';
import type { SchemaDocument } from '../load/documents.js';
import type { IssueList } from '../load/issues.js';
import { isWithin, joinPointer } from './pointer.js';
import type { SchemaRoot } from './schema-roots.js';
import { walkSchemas } from './subschemas.js';

export interface Location {
  readonly file: string;
  readonly pointer: string;
}

export function locationKey(location: Location): string {
  return `${location.file}#${location.pointer}`;
}

/** `file` or `file#pointer`, for messages. */
export function describeLocation(location: Location): string {
  return location.pointer === '' ? location.file : `${location.file}#${location.pointer}`;
}

/** A `$ref` found in a schema: the schema object holding it and the reference text. */
export interface RefSite {
  readonly at: Location;
  readonly ref: string;
}

export interface SchemaRegistry {
  readonly documents: ReadonlyMap<string, SchemaDocument>;
  readonly roots: ReadonlyArray<SchemaRoot>;
  /** Resource URI (no fragment) → where that resource starts. */
  readonly resources: ReadonlyMap<string, Location>;
  /** `<resource URI>#<anchor>` → the schema carrying the anchor. */
  readonly anchors: ReadonlyMap<string, Location>;
  /** Every location that holds a schema (a `$ref` must land on one). */
  readonly schemaLocations: ReadonlySet<string>;
  readonly refSites: ReadonlyArray<RefSite>;
  /** The base URI a relative `$ref` at this location resolves against. */
  baseAt(location: Location): string;
  /** The draft of the schema root containing this location. */
  draftAt(location: Location): Draft | undefined;
}

/** Files get `file:` URIs under a virtual root, so no absolute path leaks into messages or output. */
const FILES_ROOT = 'file:///schemas/';

export function fileUri(file: string): string {
  return new URL(file.split('/').map(encodeURIComponent).join('/'), FILES_ROOT).href;
}

/** The schemas-relative path of a `file:` URI under the virtual root, if it is one. */
export function fileOfUri(uri: string): string | undefined {
  return uri.startsWith(FILES_ROOT) ? decodeURIComponent(uri.slice(FILES_ROOT.length)) : undefined;
}

export function buildRegistry(docs: ReadonlyArray<SchemaDocument>, roots: ReadonlyArray<SchemaRoot>, issues: IssueList): SchemaRegistry {
  const documents = new Map(docs.map((d) => [d.file, d]));
  const resources = new Map<string, Location>();
  const anchors = new Map<string, Location>();
  const schemaLocations = new Set<string>();
  const refSites: RefSite[] = [];
  // Per file, the locations whose `$id` changes the base URI; the deepest enclosing one wins.
  const bases = new Map<string, Array<{ pointer: string; base: string }>>();

  for (const doc of docs) resources.set(fileUri(doc.file), { file: doc.file, pointer: '' });

  const register = (map: Map<string, Location>, key: string, at: Location, keyword: string, value: string): void => {
    const previous = map.get(key);
    if (previous === undefined || (previous.file === at.file && previous.pointer === at.pointer)) map.set(key, at);
    else {
      const where = previous.pointer === '' ? previous.file : `${previous.file}#${previous.pointer}`;
      issues.add('SCHEMA_DUPLICATE_NAME', at.file, joinPointer(at.pointer, keyword), `${keyword} ${JSON.stringify(value)} is already used by ${where}`);
    }
  };

  for (const root of roots) {
    const fileBases = bases.get(root.file) ?? [];
    bases.set(root.file, fileBases);
    const baseOf = (pointer: string): string => enclosingBase(fileBases, pointer) ?? fileUri(root.file);
    walkSchemas(root.value, root.pointer, (schema, pointer) => {
      const at = { file: root.file, pointer };
      schemaLocations.add(locationKey(at));
      const id = schema.$id;
      if (typeof id === 'string' && !id.startsWith('#')) {
        const base = safeUrl(id, baseOf(pointer));
        if (base !== undefined) {
          base.hash = '';
          fileBases.push({ pointer, base: base.href });
          register(resources, base.href, at, '$id', id);
        }
      }
      // draft-07 spells an anchor as `"$id": "#name"`.
      if (typeof schema.$anchor === 'string') register(anchors, `${baseOf(pointer)}#${schema.$anchor}`, at, '$anchor', schema.$anchor);
      else if (typeof id === 'string' && id.startsWith('#')) register(anchors, `${baseOf(pointer)}${id}`, at, '$id', id);
      if (typeof schema.$ref === 'string') refSites.push({ at, ref: schema.$ref });
    });
  }

  return {
    documents,
    roots,
    resources,
    anchors,
    schemaLocations,
    refSites,
    baseAt: (location) => enclosingBase(bases.get(location.file) ?? [], location.pointer) ?? fileUri(location.file),
    draftAt: (location) => {
      let best: SchemaRoot | undefined;
      for (const root of roots) {
        if (root.file === location.file && isWithin(location.pointer, root.pointer)) {
          if (best === undefined || root.pointer.length > best.pointer.length) best = root;
        }
      }
      return best?.draft;
    },
  };
}

function enclosingBase(bases: ReadonlyArray<{ pointer: string; base: string }>, pointer: string): string | undefined {
  let best: { pointer: string; base: string } | undefined;
  for (const entry of bases) {
    if (isWithin(pointer, entry.pointer) && (best === undefined || entry.pointer.length > best.pointer.length)) best = entry;
  }
  return best?.base;
}

export function safeUrl(ref: string, base: string): URL | undefined {
  try {
    return new URL(ref, base);
  } catch {
    return undefined;
  }
}

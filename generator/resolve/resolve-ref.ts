/**
 * Resolves a `$ref` to the location it names: relative to the enclosing `$id`
 * (as JSON Schema specifies) and, failing that, relative to the file itself
 * (what people mean when their `$id`s do not mirror the folder layout).
 */
import { fileOfUri, fileUri, locationKey, safeUrl, type Location, type SchemaRegistry } from './registry.js';
import { getAtPointer } from './pointer.js';
import { didYouMean } from './suggest.js';

export type RefResolution =
  | { readonly ok: true; readonly target: Location }
  /** `silent`: the target file failed to parse, which is already reported. */
  | { readonly ok: false; readonly message: string; readonly silent?: boolean };

export type RefResolver = (at: Location, ref: string) => RefResolution;

/** A resolver over one registry; answers are cached because bundling asks for the same refs many times. */
export function createResolver(registry: SchemaRegistry, unparsedFiles: ReadonlySet<string> = new Set()): RefResolver {
  const cache = new Map<string, RefResolution>();
  return (at, ref) => {
    const key = `${locationKey(at)}\u0000${ref}`;
    let answer = cache.get(key);
    if (answer === undefined) {
      answer = resolve(registry, unparsedFiles, at, ref);
      cache.set(key, answer);
    }
    return answer;
  };
}

function resolve(registry: SchemaRegistry, unparsed: ReadonlySet<string>, at: Location, ref: string): RefResolution {
  const quoted = `$ref ${JSON.stringify(ref)}`;
  let url = safeUrl(ref, registry.baseAt(at));
  if (url === undefined) return { ok: false, message: `${quoted} is not a valid URI reference` };
  let start = registry.resources.get(withoutHash(url));
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(ref);
  if (start === undefined && relative) {
    const byFile = safeUrl(ref, fileUri(at.file));
    if (byFile !== undefined && registry.resources.has(withoutHash(byFile))) {
      url = byFile;
      start = registry.resources.get(withoutHash(byFile));
    }
  }
  if (start === undefined) return missingResource(registry, unparsed, quoted, withoutHash(url));

  const fragment = decodeFragment(url.hash);
  if (fragment === undefined) return { ok: false, message: `${quoted} has a malformed fragment` };
  if (fragment === '') return { ok: true, target: start };
  if (fragment.startsWith('/')) return followPointer(registry, quoted, start, fragment);

  const anchored = registry.anchors.get(`${withoutHash(url)}#${fragment}`);
  if (anchored !== undefined) return { ok: true, target: anchored };
  return { ok: false, message: `${quoted}: ${start.file} has no $anchor ${JSON.stringify(fragment)}` };
}

function followPointer(registry: SchemaRegistry, quoted: string, start: Location, fragment: string): RefResolution {
  const target = { file: start.file, pointer: start.pointer + fragment };
  const document = registry.documents.get(start.file);
  const lookup = getAtPointer(document?.value, target.pointer);
  if (!lookup.found) {
    const missing = target.pointer.slice(lookup.existing.length).split('/')[1] ?? '';
    const parent = lookup.existing === '' ? 'the document root' : JSON.stringify(lookup.existing);
    const hint = didYouMean(missing.replace(/~1/g, '/').replace(/~0/g, '~'), lookup.keys);
    return { ok: false, message: `${quoted}: ${start.file} has nothing at ${JSON.stringify(target.pointer)} (${parent} has no key ${JSON.stringify(missing)})${hint}` };
  }
  if (!registry.schemaLocations.has(locationKey(target))) {
    return { ok: false, message: `${quoted}: ${JSON.stringify(target.pointer)} in ${start.file} is not a schema` };
  }
  return { ok: true, target };
}

function missingResource(registry: SchemaRegistry, unparsed: ReadonlySet<string>, quoted: string, resource: string): RefResolution {
  const file = fileOfUri(resource);
  if (file !== undefined && unparsed.has(file)) return { ok: false, message: `${quoted}: ${file} could not be parsed`, silent: true };
  if (file !== undefined) {
    const loaded = [...registry.documents.keys()];
    const where = /^(messages\/.*\.(json|ya?ml)|services\/.*\.service\.(json|ya?ml))$/.test(file)
      ? ''
      : ' (only messages/**/*.{json,yaml,yml} and services/**/*.service.{json,yaml,yml} are loaded)';
    return { ok: false, message: `${quoted}: no schema file ${JSON.stringify(file)} was loaded${where}${didYouMean(file, loaded)}` };
  }
  if (resource.startsWith('file:')) return { ok: false, message: `${quoted} points outside the schemas folder` };
  return { ok: false, message: `${quoted}: no loaded schema has $id ${JSON.stringify(resource)}` };
}

function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

function decodeFragment(hash: string): string | undefined {
  try {
    return decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return undefined;
  }
}


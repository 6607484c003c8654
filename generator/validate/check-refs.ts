/**
 * Resolves every `$ref` once, up front, so a bad reference is reported even
 * when no message ends up using it. Also catches refs that cross dialects
 * with keywords the referring dialect does not have (the bundle inlines the
 * target into the referrer's dialect, where such a keyword means nothing).
 */
import type { Draft } from '../model/types.js';
import type { IssueList } from '../load/issues.js';
import { draftLabel } from '../resolve/draft.js';
import { getAtPointer, joinPointer } from '../resolve/pointer.js';
import { locationKey, type Location, type SchemaRegistry } from '../resolve/registry.js';
import type { RefResolver } from '../resolve/resolve-ref.js';
import { walkSchemas } from '../resolve/subschemas.js';
import { DRAFT_KEYWORDS } from './keywords.js';

export function checkRefs(registry: SchemaRegistry, resolve: RefResolver, issues: IssueList): void {
  for (const site of registry.refSites) {
    const resolution = resolve(site.at, site.ref);
    if (!resolution.ok) {
      if (resolution.silent !== true) issues.add('SCHEMA_BAD_REF', site.at.file, joinPointer(site.at.pointer, '$ref'), resolution.message);
      continue;
    }
    const from = registry.draftAt(site.at);
    const to = registry.draftAt(resolution.target);
    if (from !== undefined && to !== undefined && from !== to) checkForeignDialect(registry, resolve, resolution.target, from, site.at, issues);
  }
}

/** Walks what a cross-dialect ref pulls in (following further refs) for keywords `draft` lacks. */
function checkForeignDialect(registry: SchemaRegistry, resolve: RefResolver, target: Location, draft: Draft, from: Location, issues: IssueList): void {
  const seen = new Set<string>();
  const pending: Location[] = [target];
  const referrer = `${from.file}#${from.pointer}`;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const start = next;
    if (seen.has(locationKey(start)) || registry.draftAt(start) === draft) continue;
    seen.add(locationKey(start));
    const lookup = getAtPointer(registry.documents.get(start.file)?.value, start.pointer);
    if (!lookup.found) continue;
    walkSchemas(lookup.value, start.pointer, (schema, pointer) => {
      for (const [keyword, value] of Object.entries(schema)) {
        const arrayItems = keyword === 'items' && Array.isArray(value) && draft === '2020-12';
        if (!arrayItems && (DRAFT_KEYWORDS[draft].has(keyword) || !isKnownElsewhere(keyword))) continue;
        const what = arrayItems ? '"items" as an array' : JSON.stringify(keyword);
        issues.add('SCHEMA_UNSUPPORTED_KEYWORD', start.file, joinPointer(pointer, keyword),
          `${what} is not part of ${draftLabel(draft)}, but this schema is referenced from the ${draftLabel(draft)} schema at ${referrer}`);
      }
      if (typeof schema.$ref === 'string') {
        const resolution = resolve({ file: start.file, pointer }, schema.$ref);
        if (resolution.ok) pending.push(resolution.target);
      }
    });
  }
}

/** Keywords of another supported dialect; truly unknown ones are reported by the keyword check already. */
function isKnownElsewhere(keyword: string): boolean {
  return DRAFT_KEYWORDS['07'].has(keyword) || DRAFT_KEYWORDS['2020-12'].has(keyword);
}

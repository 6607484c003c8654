/**
 * Remote references: the suite's schemas point at `http://localhost:1234/...`,
 * which stands for files under the suite's remotes/ folder. We find the
 * documents a schema needs (following $id scopes, and refs inside the remotes)
 * so they can be handed to the emitter as extra schemas.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childSchemas, isSchemaObject } from '../../generator/emit/schema-walk.js';

export const REMOTE_ORIGIN = 'http://localhost:1234';
/** Base for schemas without `$id`: relative refs in them stay inside the document. */
const NO_ID_BASE = 'http://typewire.invalid/root.json';

export interface RemoteSchema {
  /** The retrieval URL, without fragment. */
  readonly url: string;
  /** The document, with `$id` set to `url` when it had none (so a ref by URL finds it). */
  readonly schema: { readonly [key: string]: unknown };
  readonly draft: '2020-12' | '07';
}

function resolve(ref: string, base: string): URL | undefined {
  try {
    return new URL(ref, base);
  } catch {
    return undefined;
  }
}

/** Absolute URLs (without fragment) that `$ref`/`$dynamicRef` point to, and the `$id`s the document defines itself. */
function scan(schema: unknown, base: string, refs: Set<string>, ids: Set<string>): void {
  if (!isSchemaObject(schema)) return;
  let scope = base;
  if (typeof schema['$id'] === 'string') {
    const id = resolve(schema['$id'], base);
    if (id !== undefined) {
      id.hash = '';
      scope = id.href;
      ids.add(scope);
    }
  }
  for (const key of ['$ref', '$dynamicRef']) {
    const value = schema[key];
    if (typeof value !== 'string') continue;
    const target = resolve(value, scope);
    if (target === undefined) continue;
    target.hash = '';
    refs.add(target.href);
  }
  for (const [, child] of childSchemas(schema)) scan(child, scope, refs, ids);
}

function draftOf(schema: { readonly [key: string]: unknown }): '2020-12' | '07' {
  return typeof schema['$schema'] === 'string' && schema['$schema'].includes('draft-07') ? '07' : '2020-12';
}

/**
 * The remote documents `schema` needs, transitively. `missing` lists URLs on
 * localhost:1234 with no file behind them.
 */
export function remoteSchemasFor(schema: unknown, remotesDir: string): { remotes: RemoteSchema[]; missing: string[] } {
  const found = new Map<string, RemoteSchema>();
  const missing: string[] = [];
  const pending: Array<{ doc: unknown; base: string }> = [{ doc: schema, base: NO_ID_BASE }];
  while (pending.length > 0) {
    const { doc, base } = pending.pop()!;
    const refs = new Set<string>();
    const ids = new Set<string>();
    scan(doc, base, refs, ids);
    for (const url of refs) {
      if (!url.startsWith(`${REMOTE_ORIGIN}/`) || ids.has(url) || found.has(url) || missing.includes(url)) continue;
      const file = join(remotesDir, ...new URL(url).pathname.split('/').filter((s) => s !== ''));
      if (!url.endsWith('/') && existsSync(file)) {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { [key: string]: unknown };
        const withId = typeof parsed['$id'] === 'string' ? parsed : { $id: url, ...parsed };
        found.set(url, { url, schema: withId, draft: draftOf(parsed) });
        pending.push({ doc: withId, base: url });
      } else {
        missing.push(url);
      }
    }
  }
  return { remotes: [...found.values()].sort((a, b) => a.url.localeCompare(b.url)), missing: missing.sort() };
}

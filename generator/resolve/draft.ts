/**
 * Which JSON Schema dialect a schema is written in. Draft 2020-12 is the
 * default; draft-07 is chosen by its `$schema` URI (with or without `#`).
 */
import type { Draft } from '../model/types.js';

export const DRAFT_URIS: Readonly<Record<Draft, string>> = {
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
  '07': 'http://json-schema.org/draft-07/schema#',
};

export const DEFAULT_DRAFT: Draft = '2020-12';

/** Where a draft's `$defs`-like definitions live when the bundler inlines schemas. */
export const DEFINITIONS_KEY: Readonly<Record<Draft, '$defs' | 'definitions'>> = {
  '2020-12': '$defs',
  '07': 'definitions',
};

export type DraftDetection = { readonly ok: true; readonly draft: Draft } | { readonly ok: false; readonly message: string };

/** Reads `$schema` from a schema; an absent `$schema` means 2020-12. */
export function detectDraft(schema: unknown): DraftDetection {
  if (schema === null || typeof schema !== 'object' || !('$schema' in schema)) return { ok: true, draft: DEFAULT_DRAFT };
  const uri = (schema as { $schema: unknown }).$schema;
  if (typeof uri !== 'string') return { ok: false, message: '"$schema" must be a string' };
  const normalized = uri.replace(/#$/, '').replace(/^https?:/, '');
  if (normalized === '//json-schema.org/draft/2020-12/schema') return { ok: true, draft: '2020-12' };
  if (normalized === '//json-schema.org/draft-07/schema') return { ok: true, draft: '07' };
  return {
    ok: false,
    message: `unsupported "$schema" ${JSON.stringify(uri)}: use "${DRAFT_URIS['2020-12']}" (the default) or "${DRAFT_URIS['07']}"`,
  };
}

export function draftLabel(draft: Draft): string {
  return draft === '07' ? 'draft-07' : 'draft 2020-12';
}

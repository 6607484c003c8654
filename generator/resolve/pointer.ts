/**
 * JSON Pointers (RFC 6901): `~0` is `~`, `~1` is `/`, and `''` is the whole document.
 */

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Appends segments to a pointer, escaping each. */
export function joinPointer(pointer: string, ...segments: ReadonlyArray<string | number>): string {
  return pointer + segments.map((s) => `/${escapeSegment(String(s))}`).join('');
}

/** Splits a pointer into unescaped segments; undefined when it is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer.slice(1).split('/').map(unescapeSegment);
}

/** Whether `pointer` is `base` or lies inside it (segment-wise, so `/a/b` is not inside `/a/bc`). */
export function isWithin(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(`${base}/`);
}

export type PointerLookup =
  | { readonly found: true; readonly value: unknown }
  | {
      readonly found: false;
      /** The longest prefix of the pointer that exists. */
      readonly existing: string;
      /** The keys available at `existing` (to suggest what was meant). */
      readonly keys: ReadonlyArray<string>;
    };

export function getAtPointer(document: unknown, pointer: string): PointerLookup {
  const segments = parsePointer(pointer);
  if (segments === undefined) return { found: false, existing: '', keys: [] };
  let current = document;
  let existing = '';
  for (const segment of segments) {
    const next = child(current, segment);
    if (next === undefined) {
      const keys = current !== null && typeof current === 'object' ? Object.keys(current) : [];
      return { found: false, existing, keys };
    }
    current = next.value;
    existing = joinPointer(existing, segment);
  }
  return { found: true, value: current };
}

function child(value: unknown, segment: string): { value: unknown } | undefined {
  if (Array.isArray(value)) {
    if (!/^(0|[1-9][0-9]*)$/.test(segment) || Number(segment) >= value.length) return undefined;
    return { value: value[Number(segment)] };
  }
  if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, segment)) {
    return { value: (value as Record<string, unknown>)[segment] };
  }
  return undefined;
}

/** A pointer as a URI fragment (`#/$defs/a%20b`): characters a fragment cannot hold are percent-encoded. */
export function pointerToFragment(pointer: string): string {
  return `#${pointer.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => encodeURIComponent(c))}`;
}

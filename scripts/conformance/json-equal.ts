/**
 * Equality of two decoded JSON values, as JSON Schema sees them: numbers by
 * value (so -0 equals 0, which JSON cannot tell apart anyway), objects by their
 * own keys in any order, and both sides must be plain objects or arrays. A
 * decoder that set a prototype instead of a `__proto__` key fails this.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJsonValue(item, other[i]));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJsonValue((a as Record<string, unknown>)[key], recordB[key]));
}

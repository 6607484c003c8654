import { describe, expect, it } from 'vitest';
import { compileSpecialPaths, formatPath, mapCopy, mapInPlace, setOwn, type LeafMapper } from '../../../runtime/codec/special-paths.js';

const tag: LeafMapper = (kind, value) => `${kind}:${String(value)}`;

describe('special paths', () => {
  it('compiles no paths to undefined (the fast path)', () => {
    expect(compileSpecialPaths({ int64: [], bytes: [] })).toBeUndefined();
  });

  it('maps named fields, array items and map values, leaving everything else alone', () => {
    const trie = compileSpecialPaths({ int64: [['a'], ['list', '*', 'n'], ['map', '*']], bytes: [['b', 'c']] })!;
    const value = { a: 1, b: { c: 2, d: 3 }, list: [{ n: 4, m: 5 }, { m: 6 }], map: { x: 7, y: 8 }, other: 9 };
    expect(mapCopy(value, trie, tag)).toEqual({
      a: 'int64:1',
      b: { c: 'bytes:2', d: 3 },
      list: [{ n: 'int64:4', m: 5 }, { m: 6 }],
      map: { x: 'int64:7', y: 'int64:8' },
      other: 9,
    });
  });

  it('copies only what changes: the input is untouched and unchanged branches are shared', () => {
    const trie = compileSpecialPaths({ int64: [['a']], bytes: [] })!;
    const value = { a: 1, untouched: { deep: true } };
    const copy = mapCopy(value, trie, tag) as typeof value;
    expect(value.a).toBe(1);
    expect(copy.untouched).toBe(value.untouched);
    const identity: LeafMapper = (_kind, leaf) => leaf;
    expect(mapCopy(value, trie, identity)).toBe(value);
  });

  it('applies `*` on a map only to keys the path does not name (like additionalProperties)', () => {
    const trie = compileSpecialPaths({ int64: [['m', '*']], bytes: [['m', 'raw']] })!;
    expect(mapInPlace({ m: { raw: 1, other: 2 } }, trie, tag)).toEqual({ m: { raw: 'bytes:1', other: 'int64:2' } });
  });

  it('skips absent fields and does not read inherited ones', () => {
    const trie = compileSpecialPaths({ int64: [['constructor'], ['missing']], bytes: [] })!;
    const value = {};
    expect(mapInPlace(value, trie, tag)).toBe(value);
    expect(value).toEqual({});
  });

  it('writes a __proto__ key as an own property, never as the prototype', () => {
    const target: Record<string, unknown> = {};
    setOwn(target, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__']);
  });

  it('formats paths for error messages', () => {
    expect(formatPath(['items', 2, 'unit price', 'x'])).toBe('$.items[2]["unit price"].x');
  });
});

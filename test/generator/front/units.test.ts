import { describe, expect, it } from 'vitest';
import { topicMatches } from '../../../generator/model/build-topics.js';
import { lineAndColumn } from '../../../generator/load/parse.js';
import { getAtPointer, isWithin, joinPointer, parsePointer, pointerToFragment } from '../../../generator/resolve/pointer.js';
import { closest, editDistance } from '../../../generator/resolve/suggest.js';

describe('JSON pointers', () => {
  it('escapes ~ and / and round-trips', () => {
    expect(joinPointer('', 'a/b', 't~x', 0)).toBe('/a~1b/t~0x/0');
    expect(parsePointer('/a~1b/t~0x/0')).toEqual(['a/b', 't~x', '0']);
    expect(parsePointer('no-slash')).toBeUndefined();
  });

  it('looks values up and says how far it got', () => {
    const doc = { a: { b: [10, 20] } };
    expect(getAtPointer(doc, '/a/b/1')).toEqual({ found: true, value: 20 });
    expect(getAtPointer(doc, '/a/c')).toEqual({ found: false, existing: '/a', keys: ['b'] });
    expect(getAtPointer(doc, '/a/b/01').found).toBe(false);
  });

  it('compares segment-wise and encodes fragments', () => {
    expect(isWithin('/a/b', '/a')).toBe(true);
    expect(isWithin('/a/bc', '/a/b')).toBe(false);
    expect(pointerToFragment('/$defs/with space')).toBe('#/$defs/with%20space');
  });
});

describe('topic patterns', () => {
  it.each([
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.c', false],
    ['a.#', 'a', true],
    ['a.#', 'a.b.c', true],
    ['#.c', 'a.b.c', true],
    ['a.#.c', 'a.c', true],
    ['a.#.c', 'a.b.d', false],
    ['*', 'a.b', false],
    ['a.b', 'a.b', true],
  ])('%s against %s is %s', (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });
});

describe('suggestions', () => {
  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('minLenght', 'minLength')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests close candidates and prefixes, and nothing far away', () => {
    expect(closest('minLenght', ['maxLength', 'minLength'])).toBe('minLength');
    expect(closest('timeout', ['timeoutMs', 'request'])).toBe('timeoutMs');
    expect(closest('banana', ['request', 'response'])).toBeUndefined();
  });
});

describe('line and column', () => {
  it('is 1-based', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

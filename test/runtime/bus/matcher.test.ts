import { describe, expect, it } from 'vitest';
import { TopicMatcher } from '../../../runtime/bus/matcher.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';

/** A matcher that records which patterns matched, sorted so assertions do not depend on trie order. */
function patternMatcher(cacheLimit?: number): { matcher: TopicMatcher<string, string[]>; derived: string[] } {
  const derived: string[] = [];
  const matcher = new TopicMatcher<string, string[]>(
    (matches, topic) => {
      derived.push(topic);
      return matches.sort();
    },
    { cacheLimit },
  );
  return { matcher, derived };
}

function withPatterns(patterns: string[]): TopicMatcher<string, string[]> {
  const { matcher } = patternMatcher();
  for (const pattern of patterns) matcher.add(pattern, pattern);
  return matcher;
}

describe('TopicMatcher semantics', () => {
  const patterns = ['a', 'a.b', 'a.*', '*.b', '*', '#', 'a.#', '#.b', 'a.#.c', '*.*', 'user.#', '#.x.#'];
  const matcher = withPatterns(patterns);

  it.each([
    ['a', ['#', '*', 'a', 'a.#']],
    ['a.b', ['#', '#.b', '*.*', '*.b', 'a.#', 'a.*', 'a.b']],
    ['a.c', ['#', '*.*', 'a.#', 'a.#.c', 'a.*']],
    ['a.q.r.c', ['#', 'a.#', 'a.#.c']],
    ['b', ['#', '#.b', '*']],
    ['user', ['#', '*', 'user.#']],
    ['user.a.b', ['#', '#.b', 'user.#']],
    ['x', ['#', '#.x.#', '*']],
    ['p.x.q', ['#', '#.x.#']],
  ])('%j matches %j', (topic, expected) => {
    expect(matcher.match(topic)).toEqual(expected);
    expect(matcher.collect(topic).sort()).toEqual(expected);
  });

  it('`*` needs exactly one segment, `#` takes zero or more', () => {
    const m = withPatterns(['user.*', 'user.#']);
    expect(m.match('user')).toEqual(['user.#']);
    expect(m.match('user.a')).toEqual(['user.#', 'user.*']);
    expect(m.match('user.a.b')).toEqual(['user.#']);
  });

  it('reports an entry once even when a `#` reaches it along several paths', () => {
    const m = withPatterns(['#.a.#', '#.#']);
    expect(m.match('a.a.a')).toEqual(['#.#', '#.a.#']);
  });

  it('rejects a topic that is not concrete', () => {
    const m = withPatterns(['#']);
    expect(() => m.match('a.*')).toThrow(TypewireError);
    expect(() => m.match('a..b')).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_TOPIC' }));
    expect(() => m.add('a.b*', 'x')).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_TOPIC' }));
  });
});

describe('TopicMatcher add and remove', () => {
  it('removes one registration and prunes nothing another pattern needs', () => {
    const m = withPatterns(['a.b.c', 'a.b', 'a.#']);
    expect(m.remove('a.b.c', 'a.b.c')).toBe(true);
    expect(m.remove('a.b.c', 'a.b.c')).toBe(false);
    expect(m.size).toBe(2);
    expect(m.match('a.b.c')).toEqual(['a.#']);
    expect(m.match('a.b')).toEqual(['a.#', 'a.b']);
  });

  it('returns false for unknown patterns, values and invalid patterns', () => {
    const m = withPatterns(['a.*']);
    expect(m.remove('a.b', 'a.*')).toBe(false);
    expect(m.remove('a.*', 'other')).toBe(false);
    expect(m.remove('a..', 'a.*')).toBe(false);
    expect(m.size).toBe(1);
  });

  it('registers a value twice when added twice, and removes one at a time', () => {
    const m = withPatterns(['a', 'a']);
    expect(m.match('a')).toEqual(['a', 'a']);
    m.remove('a', 'a');
    expect(m.match('a')).toEqual(['a']);
  });
});

describe('TopicMatcher cache', () => {
  it('derives once per topic while the subscription set is unchanged', () => {
    const { matcher, derived } = patternMatcher();
    matcher.add('a.*', 'a.*');
    const first = matcher.match('a.b');
    expect(matcher.match('a.b')).toBe(first);
    matcher.match('a.c');
    expect(derived).toEqual(['a.b', 'a.c']);
    expect(matcher.cachedTopics).toBe(2);
  });

  it('drops only the equal topic when a literal pattern changes, everything when a wildcard does', () => {
    const { matcher, derived } = patternMatcher();
    matcher.add('#', '#');
    matcher.match('a.b');
    matcher.match('a.c');
    matcher.add('a.b', 'a.b');
    expect(matcher.cachedTopics).toBe(1);
    expect(matcher.match('a.b')).toEqual(['#', 'a.b']);
    expect(matcher.match('a.c')).toEqual(['#']);
    expect(derived).toEqual(['a.b', 'a.c', 'a.b']);

    matcher.add('a.*', 'a.*');
    expect(matcher.cachedTopics).toBe(0);
    expect(matcher.match('a.c')).toEqual(['#', 'a.*']);
    matcher.remove('a.*', 'a.*');
    expect(matcher.match('a.c')).toEqual(['#']);
  });

  it('evicts the oldest topic at the limit, and caches nothing with limit 0', () => {
    const { matcher, derived } = patternMatcher(2);
    matcher.add('#', '#');
    matcher.match('t1');
    matcher.match('t2');
    matcher.match('t3');
    expect(matcher.cachedTopics).toBe(2);
    matcher.match('t3');
    matcher.match('t2');
    matcher.match('t1');
    expect(derived).toEqual(['t1', 't2', 't3', 't1']);

    const uncached = patternMatcher(0);
    uncached.matcher.add('#', '#');
    uncached.matcher.match('t');
    uncached.matcher.match('t');
    expect(uncached.derived).toEqual(['t', 't']);
    expect(uncached.matcher.cachedTopics).toBe(0);
  });
});

describe('TopicMatcher options', () => {
  it.each([-1, 1.5, Number.NaN])('rejects cacheLimit %s', (cacheLimit) => {
    expect(() => new TopicMatcher<string, string[]>((m) => m, { cacheLimit })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });
});

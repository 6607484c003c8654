import { describe, expect, it } from 'vitest';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';
import {
  assertPattern,
  assertTopic,
  hasWildcard,
  isPattern,
  isTopic,
  patternSegments,
  topicMatches,
  type BadTopicReason,
} from '../../../runtime/bus/topic.js';

function caught(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectBadTopic(fn: () => void, topic: string, reason: BadTopicReason): void {
  const error = caught(fn);
  expect(error).toBeInstanceOf(TypewireError);
  const typed = error as TypewireError;
  expect(typed.code).toBe('VALIDATION_BAD_TOPIC');
  expect(typed.category).toBe('validation');
  expect(typed.details).toEqual({ topic, reason });
  expect(typed.message).toContain(reason);
}

describe('assertTopic', () => {
  it.each(['a', 'order.placed', 'telemetry.dev-7.temperature', 'orders.placeOrder', '_INBOX.k3x9', 'ünïcode.ok', 'a:b/c'])('accepts %j', (topic) => {
    expect(() => assertTopic(topic)).not.toThrow();
    expect(isTopic(topic)).toBe(true);
  });

  const rejected: Array<[string, BadTopicReason]> = [
    ['', 'empty'],
    ['a..b', 'empty segment'],
    ['.a', 'empty segment'],
    ['a.', 'empty segment'],
    ['.', 'empty segment'],
    ['*', 'wildcard in a concrete topic'],
    ['#', 'wildcard in a concrete topic'],
    ['a.*.c', 'wildcard in a concrete topic'],
    ['a.#', 'wildcard in a concrete topic'],
    ['a*', 'wildcard in a concrete topic'],
    ['a.b#c', 'wildcard in a concrete topic'],
    ['a b', 'whitespace or control character'],
    [' a', 'whitespace or control character'],
    ['a\tb', 'whitespace or control character'],
    ['a\nb', 'whitespace or control character'],
    ['a\u0000b', 'whitespace or control character'],
    ['a\u007fb', 'whitespace or control character'],
    ['a\u0085b', 'whitespace or control character'],
    ['a\u00a0b', 'whitespace or control character'],
    ['a\u2028b', 'whitespace or control character'],
  ];
  it.each(rejected)('rejects %j (%s)', (topic, reason) => {
    expectBadTopic(() => assertTopic(topic), topic, reason);
    expect(isTopic(topic)).toBe(false);
  });

  it('rejects a value that is not a string, reporting it as a string', () => {
    expectBadTopic(() => assertTopic(42 as unknown as string), '42', 'not a string');
    expectBadTopic(() => assertTopic(undefined as unknown as string), 'undefined', 'not a string');
  });
});

describe('assertPattern', () => {
  it.each(['a', 'a.b', '*', '#', 'a.*', '*.b', 'a.*.c', 'a.#', '#.z', 'a.#.z', '#.#', '*.#', 'telemetry.*.temperature'])('accepts %j', (pattern) => {
    expect(() => assertPattern(pattern)).not.toThrow();
    expect(isPattern(pattern)).toBe(true);
  });

  const rejected: Array<[string, BadTopicReason]> = [
    ['', 'empty'],
    ['a..b', 'empty segment'],
    ['.a', 'empty segment'],
    ['a.', 'empty segment'],
    ['#.', 'empty segment'],
    ['a*', 'wildcard must be a whole segment'],
    ['*a', 'wildcard must be a whole segment'],
    ['#b', 'wildcard must be a whole segment'],
    ['a.b#', 'wildcard must be a whole segment'],
    ['**', 'wildcard must be a whole segment'],
    ['*#', 'wildcard must be a whole segment'],
    ['a. *', 'whitespace or control character'],
    ['a.\u0001', 'whitespace or control character'],
  ];
  it.each(rejected)('rejects %j (%s)', (pattern, reason) => {
    expectBadTopic(() => assertPattern(pattern), pattern, reason);
    expect(isPattern(pattern)).toBe(false);
  });
});

describe('hasWildcard and patternSegments', () => {
  it('tells literal patterns from wildcard ones by whole segments', () => {
    expect(hasWildcard('a.b')).toBe(false);
    expect(hasWildcard('a.*')).toBe(true);
    expect(hasWildcard('#')).toBe(true);
  });

  it('collapses runs of # (they match the same topics as one #)', () => {
    expect(patternSegments('#.#.a.#.#.#')).toEqual(['#', 'a', '#']);
    expect(patternSegments('a.*.*')).toEqual(['a', '*', '*']);
  });
});

describe('topicMatches', () => {
  const cases: Array<[string, string, boolean]> = [
    ['a.b', 'a.b', true],
    ['a.b', 'a.c', false],
    ['a.b', 'a.b.c', false],
    ['a.*', 'a.b', true],
    ['a.*', 'a', false],
    ['a.*', 'a.b.c', false],
    ['*', 'a', true],
    ['*', 'a.b', false],
    ['*.*', 'a.b', true],
    ['#', 'a', true],
    ['#', 'a.b.c', true],
    ['user.#', 'user', true],
    ['user.#', 'user.a', true],
    ['user.#', 'user.a.b', true],
    ['user.#', 'users.a', false],
    ['#.z', 'z', true],
    ['#.z', 'a.b.z', true],
    ['#.z', 'a.z.b', false],
    ['a.#.z', 'a.z', true],
    ['a.#.z', 'a.b.c.z', true],
    ['a.#.z', 'a.b.c', false],
    ['a.#.*', 'a', false],
    ['a.#.*', 'a.b', true],
    ['#.b.#', 'b', true],
    ['#.b.#', 'a.b.c', true],
    ['#.b.#', 'a.c', false],
    ['telemetry.*.temperature', 'telemetry.dev-7.temperature', true],
    ['telemetry.*.temperature', 'telemetry.dev-7.humidity', false],
  ];
  it.each(cases)('%j against %j is %s', (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });

  it('validates both arguments', () => {
    expectBadTopic(() => topicMatches('a*', 'a'), 'a*', 'wildcard must be a whole segment');
    expectBadTopic(() => topicMatches('a.*', 'a.*'), 'a.*', 'wildcard in a concrete topic');
  });
});

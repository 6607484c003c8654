/**
 * Topic and topic-pattern rules.
 *
 * A topic is a `.`-separated list of non-empty segments (`telemetry.dev-7.temperature`).
 * A pattern may also use two wildcards, each as a whole segment:
 * `*` matches exactly one segment, `#` matches zero or more (`telemetry.*.temperature`,
 * `user.#`, `a.#.z`, `#`). Whitespace and control characters are refused everywhere,
 * because they are invisible in logs and a classic way to make two topics look equal.
 */
import { TypewireError } from '../errors/typewire-error.js';

export const TOPIC_SEPARATOR = '.';
/** Matches exactly one segment. */
export const SINGLE_WILDCARD = '*';
/** Matches zero or more segments. */
export const MULTI_WILDCARD = '#';

export type BadTopicReason =
  | 'not a string'
  | 'empty'
  | 'empty segment'
  | 'whitespace or control character'
  | 'wildcard in a concrete topic'
  | 'wildcard must be a whole segment';

/** `details` of a `VALIDATION_BAD_TOPIC` error. */
export interface BadTopicDetails {
  /** The offending topic or pattern (as a string, even when something else was passed). */
  readonly topic: string;
  readonly reason: BadTopicReason;
}

// \s covers Unicode whitespace (NBSP, line separators...), \p{Cc} the C0 and C1 controls.
const FORBIDDEN_CHARACTER = /[\s\p{Cc}]/u;

function findProblem(value: unknown, allowWildcards: boolean): BadTopicReason | undefined {
  if (typeof value !== 'string') return 'not a string';
  if (value.length === 0) return 'empty';
  if (FORBIDDEN_CHARACTER.test(value)) return 'whitespace or control character';
  for (const segment of value.split(TOPIC_SEPARATOR)) {
    if (segment.length === 0) return 'empty segment';
    const isWildcard = segment === SINGLE_WILDCARD || segment === MULTI_WILDCARD;
    if (isWildcard) {
      if (!allowWildcards) return 'wildcard in a concrete topic';
    } else if (segment.includes(SINGLE_WILDCARD) || segment.includes(MULTI_WILDCARD)) {
      return allowWildcards ? 'wildcard must be a whole segment' : 'wildcard in a concrete topic';
    }
  }
  return undefined;
}

function badTopic(value: unknown, reason: BadTopicReason, kind: 'topic' | 'topic pattern'): TypewireError<'VALIDATION_BAD_TOPIC', BadTopicDetails> {
  const topic = typeof value === 'string' ? value : String(value);
  return new TypewireError('VALIDATION_BAD_TOPIC', `invalid ${kind} ${JSON.stringify(topic)}: ${reason}`, {
    details: { topic, reason },
  });
}

/** Whether `topic` is a concrete topic (no wildcards). Never throws. */
export function isTopic(topic: unknown): topic is string {
  return findProblem(topic, false) === undefined;
}

/** Whether `pattern` is a valid topic pattern (a concrete topic is one too). Never throws. */
export function isPattern(pattern: unknown): pattern is string {
  return findProblem(pattern, true) === undefined;
}

/** Throws `VALIDATION_BAD_TOPIC` (details: {@link BadTopicDetails}) unless `topic` is concrete. */
export function assertTopic(topic: string): void {
  const reason = findProblem(topic, false);
  if (reason !== undefined) throw badTopic(topic, reason, 'topic');
}

/** Throws `VALIDATION_BAD_TOPIC` (details: {@link BadTopicDetails}) unless `pattern` is a valid pattern. */
export function assertPattern(pattern: string): void {
  const reason = findProblem(pattern, true);
  if (reason !== undefined) throw badTopic(pattern, reason, 'topic pattern');
}

/** Whether a (valid) pattern contains a wildcard segment; a pattern without one matches only itself. */
export function hasWildcard(pattern: string): boolean {
  return pattern.split(TOPIC_SEPARATOR).some((segment) => segment === SINGLE_WILDCARD || segment === MULTI_WILDCARD);
}

/**
 * The segments of a pattern, with runs of `#` collapsed into one: `#.#` matches
 * exactly what `#` matches, and collapsing keeps matching from branching needlessly.
 */
export function patternSegments(pattern: string): string[] {
  const segments: string[] = [];
  for (const segment of pattern.split(TOPIC_SEPARATOR)) {
    if (segment === MULTI_WILDCARD && segments[segments.length - 1] === MULTI_WILDCARD) continue;
    segments.push(segment);
  }
  return segments;
}

/**
 * Whether `pattern` matches the concrete `topic`. A plain recursive reference
 * implementation: the bus uses the trie in matcher.ts; tests check the two agree,
 * and the generator uses this one to check declared subscriptions against events.
 * Throws `VALIDATION_BAD_TOPIC` for an invalid pattern or topic.
 */
export function topicMatches(pattern: string, topic: string): boolean {
  assertPattern(pattern);
  assertTopic(topic);
  return matchFrom(patternSegments(pattern), 0, topic.split(TOPIC_SEPARATOR), 0);
}

function matchFrom(pattern: readonly string[], p: number, topic: readonly string[], t: number): boolean {
  if (p === pattern.length) return t === topic.length;
  const segment = pattern[p];
  if (segment === MULTI_WILDCARD) {
    for (let skip = t; skip <= topic.length; skip++) {
      if (matchFrom(pattern, p + 1, topic, skip)) return true;
    }
    return false;
  }
  if (t === topic.length) return false;
  if (segment !== SINGLE_WILDCARD && segment !== topic[t]) return false;
  return matchFrom(pattern, p + 1, topic, t + 1);
}

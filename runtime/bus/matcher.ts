/**
 * Matches one concrete topic against many patterns with a segment trie, and
 * caches the outcome per topic because real traffic repeats a small set of topics.
 */
import { TypewireError } from '../errors/typewire-error.js';
import { assertPattern, assertTopic, hasWildcard, isPattern, MULTI_WILDCARD, patternSegments, SINGLE_WILDCARD, TOPIC_SEPARATOR } from './topic.js';

/** Cached topics kept by default; enough for the distinct topics of a busy service. */
export const DEFAULT_MATCH_CACHE_LIMIT = 4096;

export interface TopicMatcherOptions {
  /** Most topics whose result is kept; the oldest is evicted first. Default {@link DEFAULT_MATCH_CACHE_LIMIT}. */
  readonly cacheLimit?: number;
}

/**
 * Turns the values matching one topic into what the owner keeps per topic (the
 * bus builds its priority-ordered dispatch plan here, once, instead of per publish).
 * `matches` is freshly allocated and may be kept or reordered.
 */
export type DeriveMatch<T, R> = (matches: T[], topic: string) => R;

interface Entry<T> {
  readonly value: T;
  /** The collect pass that last reported this entry; stops a `#` reaching it twice. */
  mark: number;
}

class TrieNode<T> {
  literals: Map<string, TrieNode<T>> | undefined = undefined;
  single: TrieNode<T> | undefined = undefined;
  multi: TrieNode<T> | undefined = undefined;
  readonly entries: Entry<T>[] = [];

  child(segment: string): TrieNode<T> | undefined {
    if (segment === SINGLE_WILDCARD) return this.single;
    if (segment === MULTI_WILDCARD) return this.multi;
    return this.literals?.get(segment);
  }

  addChild(segment: string): TrieNode<T> {
    const existing = this.child(segment);
    if (existing !== undefined) return existing;
    const node = new TrieNode<T>();
    if (segment === SINGLE_WILDCARD) this.single = node;
    else if (segment === MULTI_WILDCARD) this.multi = node;
    else (this.literals ??= new Map()).set(segment, node);
    return node;
  }

  removeChild(segment: string): void {
    if (segment === SINGLE_WILDCARD) this.single = undefined;
    else if (segment === MULTI_WILDCARD) this.multi = undefined;
    else if (this.literals !== undefined) {
      this.literals.delete(segment);
      if (this.literals.size === 0) this.literals = undefined;
    }
  }

  isEmpty(): boolean {
    return this.entries.length === 0 && this.literals === undefined && this.single === undefined && this.multi === undefined;
  }
}

/**
 * A pattern trie: one child per literal segment, plus a `*` child and a `#` child.
 * `T` is what is registered under a pattern (the bus: a route); `R` is what
 * {@link TopicMatcher.match} returns and caches for a topic.
 */
export class TopicMatcher<T, R extends object> {
  private readonly root = new TrieNode<T>();
  private readonly cache = new Map<string, R>();
  private readonly cacheLimit: number;
  private pass = 0;
  private entryCount = 0;

  constructor(
    private readonly derive: DeriveMatch<T, R>,
    options: TopicMatcherOptions = {},
  ) {
    const cacheLimit = options.cacheLimit ?? DEFAULT_MATCH_CACHE_LIMIT;
    if (!Number.isInteger(cacheLimit) || cacheLimit < 0) {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'cacheLimit must be a non-negative integer', { details: { cacheLimit } });
    }
    this.cacheLimit = cacheLimit;
  }

  /** Registered (pattern, value) entries. */
  get size(): number {
    return this.entryCount;
  }

  /** Topics whose result is currently cached. */
  get cachedTopics(): number {
    return this.cache.size;
  }

  /** Registers `value` under `pattern` (validated: throws `VALIDATION_BAD_TOPIC`). Adding it twice registers it twice. */
  add(pattern: string, value: T): void {
    assertPattern(pattern);
    let node = this.root;
    for (const segment of patternSegments(pattern)) node = node.addChild(segment);
    node.entries.push({ value, mark: 0 });
    this.entryCount++;
    this.invalidate(pattern);
  }

  /** Removes one registration of `value` under `pattern`; false when there was none. */
  remove(pattern: string, value: T): boolean {
    if (!isPattern(pattern)) return false;
    const segments = patternSegments(pattern);
    const path: TrieNode<T>[] = [this.root];
    for (const segment of segments) {
      const next = path[path.length - 1]!.child(segment);
      if (next === undefined) return false;
      path.push(next);
    }
    const leaf = path[path.length - 1]!;
    const index = leaf.entries.findIndex((entry) => entry.value === value);
    if (index < 0) return false;
    leaf.entries.splice(index, 1);
    this.entryCount--;
    // Prune nodes left empty so short-lived subscriptions (reply inboxes) do not grow the trie.
    for (let depth = segments.length; depth > 0 && path[depth]!.isEmpty(); depth--) {
      path[depth - 1]!.removeChild(segments[depth - 1]!);
    }
    this.invalidate(pattern);
    return true;
  }

  /**
   * The derived result for a concrete topic, from the cache when possible. A cached
   * topic is known to be valid, so the hot path neither re-parses nor re-walks it.
   * Throws `VALIDATION_BAD_TOPIC` for a topic that is not concrete.
   */
  match(topic: string): R {
    const cached = this.cache.get(topic);
    if (cached !== undefined) return cached;
    assertTopic(topic);
    const result = this.derive(this.collectSegments(topic.split(TOPIC_SEPARATOR)), topic);
    if (this.cacheLimit > 0) {
      if (this.cache.size >= this.cacheLimit) {
        // Oldest first: Map keeps insertion order, so this is O(1) and keeps recent topics.
        const oldest = this.cache.keys().next();
        if (oldest.done !== true) this.cache.delete(oldest.value);
      }
      this.cache.set(topic, result);
    }
    return result;
  }

  /** Every value whose pattern matches `topic`, each entry once; no cache. Throws `VALIDATION_BAD_TOPIC`. */
  collect(topic: string): T[] {
    assertTopic(topic);
    return this.collectSegments(topic.split(TOPIC_SEPARATOR));
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** A literal pattern only affects the topic equal to it; a wildcard may affect any cached topic. */
  private invalidate(pattern: string): void {
    if (hasWildcard(pattern)) this.cache.clear();
    else this.cache.delete(pattern);
  }

  private collectSegments(segments: readonly string[]): T[] {
    const out: T[] = [];
    this.pass = (this.pass + 1) >>> 0 || 1;
    this.walk(this.root, segments, 0, out);
    return out;
  }

  private walk(node: TrieNode<T>, segments: readonly string[], index: number, out: T[]): void {
    if (node.multi !== undefined) {
      // `#` swallows zero, one, ... or all of the remaining segments.
      for (let next = index; next <= segments.length; next++) this.walk(node.multi, segments, next, out);
    }
    if (index === segments.length) {
      for (const entry of node.entries) {
        if (entry.mark === this.pass) continue;
        entry.mark = this.pass;
        out.push(entry.value);
      }
      return;
    }
    const literal = node.literals?.get(segments[index]!);
    if (literal !== undefined) this.walk(literal, segments, index + 1, out);
    if (node.single !== undefined) this.walk(node.single, segments, index + 1, out);
  }
}

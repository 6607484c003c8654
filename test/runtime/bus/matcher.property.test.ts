/**
 * The trie (with its cache) must agree with the reference `topicMatches` for any
 * patterns and topics, including after subscription churn with the cache warm.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopicMatcher } from '../../../runtime/bus/matcher.js';
import { topicMatches } from '../../../runtime/bus/topic.js';

const PARAMS = { seed: 7, numRuns: 1000 } as const;

const topicArb = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 5 }).map((s) => s.join('.'));
const patternArb = fc.array(fc.constantFrom('a', 'b', 'c', '*', '#'), { minLength: 1, maxLength: 5 }).map((s) => s.join('.'));

interface Registered {
  readonly id: number;
  readonly pattern: string;
}

function idsMatcher(cacheLimit: number): TopicMatcher<Registered, number[]> {
  return new TopicMatcher<Registered, number[]>((matches) => matches.map((r) => r.id).sort((x, y) => x - y), { cacheLimit });
}

function expected(live: readonly Registered[], topic: string): number[] {
  return live.filter((r) => topicMatches(r.pattern, topic)).map((r) => r.id).sort((x, y) => x - y);
}

type Op = { kind: 'add'; pattern: string } | { kind: 'remove'; pick: number } | { kind: 'match'; topic: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: patternArb.map((pattern): Op => ({ kind: 'add', pattern })) },
  { weight: 2, arbitrary: fc.nat().map((pick): Op => ({ kind: 'remove', pick })) },
  { weight: 4, arbitrary: topicArb.map((topic): Op => ({ kind: 'match', topic })) },
);

describe('TopicMatcher agrees with topicMatches', () => {
  it('for a fixed set of patterns, cold and warm', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { maxLength: 12 }), fc.array(topicArb, { minLength: 1, maxLength: 8 }), (patterns, topics) => {
        const matcher = idsMatcher(64);
        const live = patterns.map((pattern, id) => ({ id, pattern }));
        for (const r of live) matcher.add(r.pattern, r);
        for (const topic of [...topics, ...topics]) {
          expect(matcher.match(topic)).toEqual(expected(live, topic));
          expect(matcher.collect(topic).map((r) => r.id).sort((x, y) => x - y)).toEqual(expected(live, topic));
        }
      }),
      PARAMS,
    );
  });

  it.each([64, 3])('after random subscribe/unsubscribe sequences (cache limit %i)', (cacheLimit) => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const matcher = idsMatcher(cacheLimit);
        const live: Registered[] = [];
        let nextId = 0;
        for (const op of ops) {
          if (op.kind === 'add') {
            const r = { id: nextId++, pattern: op.pattern };
            live.push(r);
            matcher.add(r.pattern, r);
          } else if (op.kind === 'remove') {
            if (live.length === 0) continue;
            const [r] = live.splice(op.pick % live.length, 1);
            expect(matcher.remove(r!.pattern, r!)).toBe(true);
          } else {
            expect(matcher.match(op.topic)).toEqual(expected(live, op.topic));
          }
        }
        expect(matcher.size).toBe(live.length);
      }),
      PARAMS,
    );
  });

  it('leaves an empty trie after everything is removed', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 10 }), topicArb, (patterns, topic) => {
        const matcher = idsMatcher(64);
        const live = patterns.map((pattern, id) => ({ id, pattern }));
        for (const r of live) matcher.add(r.pattern, r);
        matcher.match(topic);
        for (const r of live) matcher.remove(r.pattern, r);
        expect(matcher.size).toBe(0);
        expect(matcher.match(topic)).toEqual([]);
        // Pruning: the root has no children left (a private detail, checked to keep churn from leaking memory).
        const root = (matcher as unknown as { root: { isEmpty(): boolean } }).root;
        expect(root.isEmpty()).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

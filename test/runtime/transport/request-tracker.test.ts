import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestTracker } from '../../../runtime/transport/request-tracker.js';

/** The tracker's contract as a plain insertion-ordered map, bounded by dropping the oldest entry. */
class ModelTracker {
  readonly pending = new Map<string, string>();
  constructor(private readonly max: number) {}
  received(id: string, replyTo: string): void {
    if (this.pending.size >= this.max) {
      const oldest = this.pending.keys().next();
      if (!oldest.done) this.pending.delete(oldest.value);
    }
    this.pending.set(id, replyTo);
  }
  answered(id: string): void {
    this.pending.delete(id);
  }
  drain(): Array<[string, string]> {
    const all = [...this.pending];
    this.pending.clear();
    return all;
  }
}

type Op = { kind: 'received'; id: string; replyTo: string } | { kind: 'answered'; id: string } | { kind: 'drain' };

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('received' as const), id, replyTo: fc.constantFrom('_INBOX.1', '_INBOX.2') }),
  fc.record({ kind: fc.constant('answered' as const), id }),
  fc.record({ kind: fc.constant('drain' as const) }),
);

describe('RequestTracker', () => {
  it('behaves as an insertion-ordered map bounded by dropping the oldest, for any sequence of operations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(op, { maxLength: 60 }), (max, ops) => {
        const tracker = new RequestTracker(max);
        const model = new ModelTracker(max);
        for (const o of ops) {
          if (o.kind === 'received') {
            tracker.received(o.id, o.replyTo);
            model.received(o.id, o.replyTo);
          } else if (o.kind === 'answered') {
            tracker.answered(o.id);
            model.answered(o.id);
          } else {
            expect(tracker.drain()).toEqual(model.drain());
          }
          expect(tracker.size).toBe(model.pending.size);
        }
        expect(tracker.drain()).toEqual(model.drain());
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('forgets a request answered before the next one arrives', () => {
    const tracker = new RequestTracker();
    tracker.received('r1', '_INBOX.a');
    tracker.answered('r1');
    tracker.received('r2', '_INBOX.a');
    expect(tracker.drain()).toEqual([['r2', '_INBOX.a']]);
    expect(tracker.size).toBe(0);
  });
});

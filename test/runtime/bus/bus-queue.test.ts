import { describe, expect, it } from 'vitest';
import { Bus } from '../../../runtime/bus/bus.js';
import { createEnvelope } from '../../../runtime/envelope.js';

function recordingBus(): { bus: Bus; seen: string[]; add: (name: string, pattern: string, queue?: string, priority?: number) => ReturnType<Bus['subscribe']> } {
  const bus = new Bus({ onHandlerError: () => {} });
  const seen: string[] = [];
  const add = (name: string, pattern: string, queue?: string, priority?: number) =>
    bus.subscribe(pattern, () => void seen.push(name), { queue, priority });
  return { bus, seen, add };
}

function publishTimes(bus: Bus, type: string, times: number): number[] {
  return Array.from({ length: times }, () => bus.publish(createEnvelope(type, null)));
}

describe('Bus queue groups', () => {
  it('gives each envelope to exactly one member, round-robin', () => {
    const { bus, seen, add } = recordingBus();
    add('w1', 'orders.placeOrder', 'orders');
    add('w2', 'orders.placeOrder', 'orders');
    add('w3', 'orders.*', 'orders');
    expect(publishTimes(bus, 'orders.placeOrder', 6)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(seen).toEqual(['w1', 'w2', 'w3', 'w1', 'w2', 'w3']);
  });

  it('delivers to plain routes and to one member of each group', () => {
    const { bus, seen, add } = recordingBus();
    add('a1', 'job', 'a');
    add('b1', 'job', 'b');
    add('a2', 'job', 'a');
    add('plain', 'job');
    expect(publishTimes(bus, 'job', 2)).toEqual([3, 3]);
    expect(seen).toEqual(['a1', 'b1', 'plain', 'a2', 'b1', 'plain']);
  });

  it('skips disabled and unsubscribed members, and drops when none is left', () => {
    const { bus, seen, add } = recordingBus();
    const w1 = add('w1', 'q', 'g');
    const w2 = add('w2', 'q', 'g');
    add('w3', 'q', 'g');
    w2.disable();
    publishTimes(bus, 'q', 4);
    expect(seen).toEqual(['w1', 'w3', 'w1', 'w3']);
    w2.enable();
    w1.unsubscribe();
    seen.length = 0;
    publishTimes(bus, 'q', 3);
    expect(seen).toEqual(['w2', 'w3', 'w2']);
    bus.subscriptions().forEach((s) => s.disable());
    expect(publishTimes(bus, 'q', 1)).toEqual([0]);
    expect(bus.stats().dropped).toBe(1);
  });

  it('keeps the rotation when a member joins (the newcomer goes next)', () => {
    const { bus, seen, add } = recordingBus();
    add('w1', 'q', 'g');
    add('w2', 'q', 'g');
    publishTimes(bus, 'q', 3);
    add('w3', 'q', 'g');
    publishTimes(bus, 'q', 3);
    expect(seen).toEqual(['w1', 'w2', 'w1', 'w3', 'w2', 'w1']);
  });

  it('places the group at its highest-priority member', () => {
    const { bus, seen, add } = recordingBus();
    add('low', 'q', undefined, 0);
    add('g-low', 'q', 'g', -5);
    add('g-high', 'q', 'g', 5);
    add('mid', 'q', undefined, 1);
    publishTimes(bus, 'q', 2);
    expect(seen).toEqual(['g-high', 'mid', 'low', 'g-low', 'mid', 'low']);
  });
});

import { describe, expect, it } from 'vitest';
import { Bus } from '../../../runtime/bus/bus.js';
import type { Subscription } from '../../../runtime/bus/types.js';
import { createEnvelope, type Envelope } from '../../../runtime/envelope.js';

function quietBus(): Bus {
  return new Bus({ onHandlerError: () => {} });
}

function publish(bus: Bus, type: string, payload: unknown = null): number {
  return bus.publish(createEnvelope(type, payload));
}

describe('Bus routing', () => {
  it('delivers to every matching pattern and to no other', () => {
    const bus = quietBus();
    const seen: string[] = [];
    bus.subscribe('telemetry.*.temperature', (e) => void seen.push(`star:${e.type}`));
    bus.subscribe('telemetry.#', (e) => void seen.push(`hash:${e.type}`));
    bus.subscribe('order.placed', (e) => void seen.push(`exact:${e.type}`));

    expect(publish(bus, 'telemetry.dev-1.temperature')).toBe(2);
    expect(publish(bus, 'telemetry')).toBe(1);
    expect(publish(bus, 'order.placed')).toBe(1);
    expect(publish(bus, 'order.cancelled')).toBe(0);
    expect(seen).toEqual(['star:telemetry.dev-1.temperature', 'hash:telemetry.dev-1.temperature', 'hash:telemetry', 'exact:order.placed']);
  });

  it('hands every handler the same envelope object', () => {
    const bus = quietBus();
    const received: Envelope[] = [];
    bus.subscribe('a', (e) => void received.push(e));
    bus.subscribe('#', (e) => void received.push(e));
    const envelope = createEnvelope('a', { n: 1 });
    bus.publish(envelope);
    expect(received).toEqual([envelope, envelope]);
    expect(received[0]).toBe(envelope);
  });

  it('runs higher priority first and keeps subscription order within a priority', () => {
    const bus = quietBus();
    const order: string[] = [];
    bus.subscribe('a.b', () => void order.push('p0-first'));
    bus.subscribe('a.*', () => void order.push('p5'), { priority: 5 });
    bus.subscribe('#', () => void order.push('p0-second'));
    bus.subscribe('a.#', () => void order.push('p-1'), { priority: -1 });
    bus.subscribe('a.b', () => void order.push('p10'), { priority: 10 });
    publish(bus, 'a.b');
    expect(order).toEqual(['p10', 'p5', 'p0-first', 'p0-second', 'p-1']);
  });

  it('lets a handler publish again (re-entrant dispatch)', () => {
    const bus = quietBus();
    const order: string[] = [];
    bus.subscribe('ping', () => {
      order.push('ping');
      publish(bus, 'pong');
    });
    bus.subscribe('#', (e) => void order.push(`all:${e.type}`));
    publish(bus, 'ping');
    expect(order).toEqual(['ping', 'all:pong', 'all:ping']);
  });

  it('rejects a non-concrete envelope type and bad subscribe arguments', () => {
    const bus = quietBus();
    expect(() => publish(bus, 'a.*')).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_TOPIC', details: { topic: 'a.*', reason: 'wildcard in a concrete topic' } }));
    expect(() => bus.subscribe('a.b*', () => {})).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_TOPIC' }));
    expect(() => bus.subscribe('a', () => {}, { priority: Number.NaN })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
    expect(() => bus.subscribe('a', () => {}, { queue: '' })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
    expect(() => bus.subscribe('a', 'nope' as unknown as () => void)).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
    expect(bus.subscriptions()).toHaveLength(0);
    expect(bus.stats().published).toBe(0);
  });
});

describe('Bus enable, disable, unsubscribe', () => {
  it('a disabled route stays registered but receives nothing until enabled', () => {
    const bus = quietBus();
    const seen: number[] = [];
    const sub = bus.subscribe('a', () => void seen.push(1));
    sub.disable();
    expect(sub.enabled).toBe(false);
    expect(publish(bus, 'a')).toBe(0);
    expect(bus.hasSubscribers('a')).toBe(false);
    expect(bus.subscriptions()).toEqual([sub]);
    sub.enable();
    expect(publish(bus, 'a')).toBe(1);
    expect(bus.hasSubscribers('a')).toBe(true);
    expect(seen).toEqual([1]);
  });

  it('an unsubscribed route receives nothing and cannot be re-enabled', () => {
    const bus = quietBus();
    const seen: string[] = [];
    const sub = bus.subscribe('a.*', () => void seen.push('gone'));
    bus.subscribe('a.b', () => void seen.push('kept'));
    publish(bus, 'a.b');
    sub.unsubscribe();
    sub.unsubscribe();
    sub.enable();
    expect(sub.enabled).toBe(false);
    publish(bus, 'a.b');
    expect(seen).toEqual(['gone', 'kept', 'kept']);
    expect(bus.subscriptions().map((s) => s.pattern)).toEqual(['a.b']);
  });

  it('a handler that unsubscribes itself does not break the current dispatch', () => {
    const bus = quietBus();
    const seen: string[] = [];
    const once: Subscription = bus.subscribe('a', () => {
      seen.push('once');
      once.unsubscribe();
    }, { priority: 1 });
    bus.subscribe('a', () => void seen.push('after'));
    expect(publish(bus, 'a')).toBe(2);
    expect(publish(bus, 'a')).toBe(1);
    expect(seen).toEqual(['once', 'after', 'after']);
  });

  it('a handler that unsubscribes or disables a later route stops it at once, and the rest still run', () => {
    const bus = quietBus();
    const seen: string[] = [];
    let victim: Subscription | undefined;
    let disabled: Subscription | undefined;
    bus.subscribe('#', () => {
      seen.push('killer');
      victim?.unsubscribe();
      disabled?.disable();
    }, { priority: 10 });
    victim = bus.subscribe('a', () => void seen.push('victim'));
    disabled = bus.subscribe('a', () => void seen.push('disabled'));
    bus.subscribe('a', () => void seen.push('survivor'));
    expect(publish(bus, 'a')).toBe(2);
    expect(seen).toEqual(['killer', 'survivor']);
  });

  it('a route subscribed during a dispatch first receives the next envelope', () => {
    const bus = quietBus();
    const seen: string[] = [];
    bus.subscribe('a', () => {
      seen.push('first');
      if (seen.length === 1) bus.subscribe('a', () => void seen.push('late'));
    });
    publish(bus, 'a');
    publish(bus, 'a');
    expect(seen).toEqual(['first', 'first', 'late']);
  });
});

describe('Bus introspection and close', () => {
  it('lists subscriptions in order with their options', () => {
    const bus = quietBus();
    bus.subscribe('a.#', () => {}, { priority: 3 });
    bus.subscribe('b', () => {}, { queue: 'workers' });
    expect(bus.subscriptions().map(({ id, pattern, priority, queue, enabled }) => ({ id, pattern, priority, queue, enabled }))).toEqual([
      { id: 1, pattern: 'a.#', priority: 3, queue: undefined, enabled: true },
      { id: 2, pattern: 'b', priority: 0, queue: 'workers', enabled: true },
    ]);
  });

  it('hasSubscribers follows wildcards and validates the topic', () => {
    const bus = quietBus();
    bus.subscribe('user.#', () => {});
    expect(bus.hasSubscribers('user')).toBe(true);
    expect(bus.hasSubscribers('user.a.b')).toBe(true);
    expect(bus.hasSubscribers('users')).toBe(false);
    expect(() => bus.hasSubscribers('user.*')).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_TOPIC' }));
  });

  it('close unsubscribes everything and refuses further use', () => {
    const bus = quietBus();
    const sub = bus.subscribe('#', () => {});
    bus.close();
    bus.close();
    expect(bus.closed).toBe(true);
    expect(sub.enabled).toBe(false);
    expect(bus.subscriptions()).toEqual([]);
    expect(bus.hasSubscribers('a')).toBe(false);
    expect(() => publish(bus, 'a')).toThrow(expect.objectContaining({ code: 'TRANSPORT_CLOSED', retryable: true }));
    expect(() => bus.subscribe('a', () => {})).toThrow(expect.objectContaining({ code: 'TRANSPORT_CLOSED' }));
  });

  it('a handler that closes the bus stops the rest of the dispatch without throwing', () => {
    const bus = quietBus();
    const seen: string[] = [];
    bus.subscribe('a', () => {
      seen.push('closer');
      bus.close();
    }, { priority: 1 });
    bus.subscribe('a', () => void seen.push('later'));
    expect(publish(bus, 'a')).toBe(1);
    expect(seen).toEqual(['closer']);
  });
});

import { describe, expect, it } from 'vitest';
import { Bus } from '../../../runtime/bus/bus.js';
import type { Subscription } from '../../../runtime/bus/types.js';
import { createEnvelope, type Envelope } from '../../../runtime/envelope.js';

interface Reported {
  readonly error: unknown;
  readonly envelope: Envelope;
  readonly subscription: Subscription;
}

function reportingBus(): { bus: Bus; reported: Reported[] } {
  const reported: Reported[] = [];
  const bus = new Bus({ onHandlerError: (error, envelope, subscription) => void reported.push({ error, envelope, subscription }) });
  return { bus, reported };
}

/** Lets every already-settled promise run its callbacks. */
async function flush(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('Bus stats', () => {
  it('starts at zero and returns a copy', () => {
    const { bus } = reportingBus();
    const stats = bus.stats();
    expect(stats).toEqual({ published: 0, processed: 0, failed: 0, dropped: 0, sentRemote: 0, receivedRemote: 0 });
    stats.published = 99;
    expect(bus.stats().published).toBe(0);
  });

  it('counts published, processed and dropped for sync handlers', () => {
    const { bus } = reportingBus();
    bus.subscribe('a.*', () => {});
    bus.subscribe('#', () => {});
    bus.publish(createEnvelope('a.b', 1));
    bus.publish(createEnvelope('c', 2));
    bus.subscriptions().forEach((s) => s.disable());
    bus.publish(createEnvelope('a.b', 3));
    expect(bus.stats()).toMatchObject({ published: 3, processed: 3, failed: 0, dropped: 1 });
  });

  it('counts a throwing handler as failed, reports it, and still runs the others', () => {
    const { bus, reported } = reportingBus();
    const boom = new Error('boom');
    const failing = bus.subscribe('a', () => {
      throw boom;
    }, { priority: 1 });
    const seen: string[] = [];
    bus.subscribe('a', () => void seen.push('ran'));
    const envelope = createEnvelope('a', null);
    expect(bus.publish(envelope)).toBe(2);
    expect(seen).toEqual(['ran']);
    expect(reported).toEqual([{ error: boom, envelope, subscription: failing }]);
    expect(bus.stats()).toMatchObject({ published: 1, processed: 1, failed: 1, dropped: 0 });
  });

  it('counts async handlers when their promise settles, rejection as failed', async () => {
    const { bus, reported } = reportingBus();
    let resolveSlow!: () => void;
    bus.subscribe('a', () => new Promise<void>((resolve) => (resolveSlow = resolve)));
    const rejecting = bus.subscribe('a', async () => {
      throw new Error('async boom');
    });
    expect(bus.publish(createEnvelope('a', null))).toBe(2);
    expect(bus.stats()).toMatchObject({ processed: 0, failed: 0 });
    await flush();
    expect(bus.stats()).toMatchObject({ processed: 0, failed: 1 });
    expect(reported).toHaveLength(1);
    expect((reported[0]!.error as Error).message).toBe('async boom');
    expect(reported[0]!.subscription).toBe(rejecting);
    resolveSlow();
    await flush();
    expect(bus.stats()).toMatchObject({ processed: 1, failed: 1 });
  });

  it('survives a reporter that throws, sync or async', async () => {
    const bus = new Bus({
      onHandlerError: () => {
        throw new Error('reporter broke');
      },
    });
    bus.subscribe('a', () => {
      throw new Error('sync');
    });
    bus.subscribe('a', () => Promise.reject(new Error('async')));
    expect(bus.publish(createEnvelope('a', null))).toBe(2);
    await flush();
    expect(bus.stats().failed).toBe(2);
  });

  it('drops expired envelopes without delivering them', () => {
    const { bus } = reportingBus();
    const seen: string[] = [];
    bus.subscribe('a', (e) => void seen.push(e.id));
    const now = Date.now();
    expect(bus.publish(createEnvelope('a', null, { id: 'expired', expiresAt: now - 1_000 }))).toBe(0);
    expect(bus.publish(createEnvelope('a', null, { id: 'fresh', expiresAt: now + 60_000 }))).toBe(1);
    expect(bus.publish(createEnvelope('a', null, { id: 'no-expiry' }))).toBe(1);
    expect(seen).toEqual(['fresh', 'no-expiry']);
    expect(bus.stats()).toMatchObject({ published: 3, processed: 2, dropped: 1 });
  });

  it('counts remote traffic reported by transport links', () => {
    const { bus } = reportingBus();
    bus.countRemote('sent');
    bus.countRemote('sent', 4);
    bus.countRemote('received', 2);
    expect(bus.stats()).toMatchObject({ sentRemote: 5, receivedRemote: 2 });
    expect(() => bus.countRemote('sent', -1)).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
    expect(() => bus.countRemote('sideways' as 'sent')).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
  });

  it('does not count a publish that was refused', () => {
    const { bus } = reportingBus();
    expect(() => bus.publish(createEnvelope('bad..topic', null))).toThrow();
    expect(bus.stats().published).toBe(0);
  });
});

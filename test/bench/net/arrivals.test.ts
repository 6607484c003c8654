import { afterEach, describe, expect, it, vi } from 'vitest';
import { Arrivals } from '../../../bench/net/arrivals.js';
import { isTypewireError } from '../../../runtime/errors/typewire-error.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Arrivals', () => {
  it('resolves a wait once the count reaches its target, not before', async () => {
    const arrivals = new Arrivals('test');
    let done = false;
    const wait = arrivals.reach(3).then(() => (done = true));
    arrivals.add(2);
    await Promise.resolve();
    expect(done).toBe(false);
    arrivals.add();
    await wait;
    expect(done).toBe(true);
    expect(arrivals.count).toBe(3);
  });

  it('resolves at once when the target is already reached', async () => {
    const arrivals = new Arrivals('test');
    arrivals.add(5);
    await expect(arrivals.reach(4)).resolves.toBeUndefined();
    await expect(arrivals.reach(-10)).resolves.toBeUndefined();
  });

  it('refuses a second waiter', async () => {
    const arrivals = new Arrivals('test');
    const first = arrivals.reach(1);
    await expect(arrivals.reach(2)).rejects.toMatchObject({ code: 'INTERNAL_UNEXPECTED' });
    arrivals.add();
    await first;
  });

  it('fails a wait that sees no progress for stallMs with TIMEOUT_REQUEST, naming the counter', async () => {
    vi.useFakeTimers();
    const arrivals = new Arrivals('sink of test', 1000);
    const wait = arrivals.reach(10).catch((error: unknown) => error);
    arrivals.add(4);
    await vi.advanceTimersByTimeAsync(1000); // progress was made in this period: keep waiting
    arrivals.add(1);
    await vi.advanceTimersByTimeAsync(1000); // again
    await vi.advanceTimersByTimeAsync(1000); // nothing new: give up
    const error = await wait;
    expect(isTypewireError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TIMEOUT_REQUEST', details: { count: 5, target: 10 } });
    expect((error as Error).message).toContain('sink of test');
    // The counter is usable again afterwards.
    const again = arrivals.reach(6);
    arrivals.add();
    await again;
  });
});
